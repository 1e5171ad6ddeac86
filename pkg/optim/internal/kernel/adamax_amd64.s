//go:build !purego

#include "textflag.h"

// Flag bits, as adamax* in adamax_amd64.go.
#define MAXIMIZE 1
#define L2 2

// func adamaxF32AVX2(p, g, m, u []float32, c adamaxConsts[float32], flags uint64)
//
// Registers: DI p, R8 g, R9 m, R10 u, SI index, DX end of the 8-wide part,
// CX length, BX flags. Y8..Y15 hold the broadcast constants, Y0..Y5 the
// operands of the current 8 elements.
TEXT ·adamaxF32AVX2(SB), NOSPLIT, $0-128
	MOVQ         p_base+0(FP), DI
	MOVQ         p_len+8(FP), CX
	MOVQ         g_base+24(FP), R8
	MOVQ         m_base+48(FP), R9
	MOVQ         u_base+72(FP), R10
	MOVQ         flags+120(FP), BX
	VBROADCASTSS c_b1+96(FP), Y15
	VBROADCASTSS c_omb1+100(FP), Y14
	VBROADCASTSS c_b2+104(FP), Y13
	VBROADCASTSS c_negCLR+108(FP), Y12
	VBROADCASTSS c_eps+112(FP), Y11
	VBROADCASTSS c_wd+116(FP), Y10
	MOVL         $0x80000000, AX
	MOVQ         AX, X9
	VPBROADCASTD X9, Y9            // sign bit
	MOVL         $0x7fffffff, AX
	MOVQ         AX, X8
	VPBROADCASTD X8, Y8            // all but the sign bit
	XORQ         SI, SI
	MOVQ         CX, DX
	ANDQ         $-8, DX
	JZ           tail

loop8:
	VMOVUPS (R8)(SI*4), Y0 // g
	VMOVUPS (DI)(SI*4), Y4 // p
	TESTQ   $MAXIMIZE, BX
	JZ      nomax8
	VXORPS  Y9, Y0, Y0     // g = -g

nomax8:
	TESTQ  $L2, BX
	JZ     nol28
	VMULPS Y4, Y10, Y3 // wd*p
	VADDPS Y3, Y0, Y0  // g = g + wd*p

nol28:
	VMULPS  (R9)(SI*4), Y15, Y1  // m*b1
	VMULPS  Y0, Y14, Y3          // (1-b1)*g
	VADDPS  Y3, Y1, Y1           // m = m*b1 + (1-b1)*g
	VMOVUPS Y1, (R9)(SI*4)
	VMULPS  (R10)(SI*4), Y13, Y2 // x = u*b2
	VANDPS  Y8, Y0, Y3           // |g|
	VADDPS  Y11, Y3, Y3          // y = |g| + eps

	// u = max(x, y) with Go's max: NaN if either is NaN, +0 for
	// max(-0, +0). Y2 = x, Y3 = y; Y0 and Y5 are free.
	VCMPPS    $3, Y3, Y3, Y5    // y is NaN
	VCMPPS    $0x11, Y3, Y2, Y0 // x < y
	VORPS     Y0, Y5, Y5        // take y
	VBLENDVPS Y5, Y3, Y2, Y5    // Y5 = take y ? y : x
	VCMPPS    $0, Y3, Y2, Y0    // x == y: equal, or zeros of either sign
	VANDPS    Y3, Y2, Y2        // x & y: +0 unless both are -0
	VBLENDVPS Y0, Y2, Y5, Y2    // u = x == y ? x&y : Y5
	VMOVUPS   Y2, (R10)(SI*4)

	VMULPS  Y1, Y12, Y3 // (-clr)*m
	VDIVPS  Y2, Y3, Y3  // ((-clr)*m)/u
	VADDPS  Y3, Y4, Y4  // p = p + ((-clr)*m)/u
	VMOVUPS Y4, (DI)(SI*4)
	ADDQ    $8, SI
	CMPQ    SI, DX
	JLT     loop8

tail:
	CMPQ SI, CX
	JGE  done

loop1:
	VMOVSS (R8)(SI*4), X0
	VMOVSS (DI)(SI*4), X4
	TESTQ  $MAXIMIZE, BX
	JZ     nomax1
	VXORPS X9, X0, X0

nomax1:
	TESTQ  $L2, BX
	JZ     nol21
	VMULSS X4, X10, X3
	VADDSS X3, X0, X0

nol21:
	VMOVSS    (R9)(SI*4), X1
	VMULSS    X1, X15, X1
	VMULSS    X0, X14, X3
	VADDSS    X3, X1, X1
	VMOVSS    X1, (R9)(SI*4)
	VMOVSS    (R10)(SI*4), X2
	VMULSS    X2, X13, X2
	VANDPS    X8, X0, X3
	VADDSS    X11, X3, X3
	VCMPPS    $3, X3, X3, X5
	VCMPPS    $0x11, X3, X2, X0
	VORPS     X0, X5, X5
	VBLENDVPS X5, X3, X2, X5
	VCMPPS    $0, X3, X2, X0
	VANDPS    X3, X2, X2
	VBLENDVPS X0, X2, X5, X2
	VMOVSS    X2, (R10)(SI*4)
	VMULSS    X1, X12, X3
	VDIVSS    X2, X3, X3
	VADDSS    X3, X4, X4
	VMOVSS    X4, (DI)(SI*4)
	INCQ      SI
	CMPQ      SI, CX
	JLT       loop1

done:
	VZEROUPPER
	RET

// func adamaxF64AVX2(p, g, m, u []float64, c adamaxConsts[float64], flags uint64)
//
// Registers: DI p, R8 g, R9 m, R10 u, SI index, DX end of the 4-wide part,
// CX length, BX flags. Y8..Y15 hold the broadcast constants, Y0..Y5 the
// operands of the current 4 elements.
TEXT ·adamaxF64AVX2(SB), NOSPLIT, $0-152
	MOVQ         p_base+0(FP), DI
	MOVQ         p_len+8(FP), CX
	MOVQ         g_base+24(FP), R8
	MOVQ         m_base+48(FP), R9
	MOVQ         u_base+72(FP), R10
	MOVQ         flags+144(FP), BX
	VBROADCASTSD c_b1+96(FP), Y15
	VBROADCASTSD c_omb1+104(FP), Y14
	VBROADCASTSD c_b2+112(FP), Y13
	VBROADCASTSD c_negCLR+120(FP), Y12
	VBROADCASTSD c_eps+128(FP), Y11
	VBROADCASTSD c_wd+136(FP), Y10
	MOVQ         $0x8000000000000000, AX
	MOVQ         AX, X9
	VPBROADCASTQ X9, Y9            // sign bit
	MOVQ         $0x7fffffffffffffff, AX
	MOVQ         AX, X8
	VPBROADCASTQ X8, Y8            // all but the sign bit
	XORQ         SI, SI
	MOVQ         CX, DX
	ANDQ         $-8, DX
	JZ           tail

loop4:
	VMOVUPD (R8)(SI*8), Y0 // g
	VMOVUPD (DI)(SI*8), Y4 // p
	TESTQ   $MAXIMIZE, BX
	JZ      nomax4
	VXORPD  Y9, Y0, Y0     // g = -g

nomax4:
	TESTQ  $L2, BX
	JZ     nol24
	VMULPD Y4, Y10, Y3 // wd*p
	VADDPD Y3, Y0, Y0  // g = g + wd*p

nol24:
	VMULPD  (R9)(SI*8), Y15, Y1  // m*b1
	VMULPD  Y0, Y14, Y3          // (1-b1)*g
	VADDPD  Y3, Y1, Y1           // m = m*b1 + (1-b1)*g
	VMOVUPD Y1, (R9)(SI*8)
	VMULPD  (R10)(SI*8), Y13, Y2 // x = u*b2
	VANDPD  Y8, Y0, Y3           // |g|
	VADDPD  Y11, Y3, Y3          // y = |g| + eps

	// u = max(x, y) with Go's max: NaN if either is NaN, +0 for
	// max(-0, +0). Y2 = x, Y3 = y; Y0 and Y5 are free.
	VCMPPD    $3, Y3, Y3, Y5    // y is NaN
	VCMPPD    $0x11, Y3, Y2, Y0 // x < y
	VORPD     Y0, Y5, Y5        // take y
	VBLENDVPD Y5, Y3, Y2, Y5    // Y5 = take y ? y : x
	VCMPPD    $0, Y3, Y2, Y0    // x == y: equal, or zeros of either sign
	VANDPD    Y3, Y2, Y2        // x & y: +0 unless both are -0
	VBLENDVPD Y0, Y2, Y5, Y2    // u = x == y ? x&y : Y5
	VMOVUPD   Y2, (R10)(SI*8)

	VMULPD  Y1, Y12, Y3 // (-clr)*m
	VDIVPD  Y2, Y3, Y3  // ((-clr)*m)/u
	VADDPD  Y3, Y4, Y4  // p = p + ((-clr)*m)/u
	VMOVUPD Y4, (DI)(SI*8)
	ADDQ    $4, SI
	CMPQ    SI, DX
	JLT     loop4

tail:
	CMPQ SI, CX
	JGE  done

loop1:
	VMOVSD (R8)(SI*8), X0
	VMOVSD (DI)(SI*8), X4
	TESTQ  $MAXIMIZE, BX
	JZ     nomax1
	VXORPD X9, X0, X0

nomax1:
	TESTQ  $L2, BX
	JZ     nol21
	VMULSD X4, X10, X3
	VADDSD X3, X0, X0

nol21:
	VMOVSD    (R9)(SI*8), X1
	VMULSD    X1, X15, X1
	VMULSD    X0, X14, X3
	VADDSD    X3, X1, X1
	VMOVSD    X1, (R9)(SI*8)
	VMOVSD    (R10)(SI*8), X2
	VMULSD    X2, X13, X2
	VANDPD    X8, X0, X3
	VADDSD    X11, X3, X3
	VCMPPD    $3, X3, X3, X5
	VCMPPD    $0x11, X3, X2, X0
	VORPD     X0, X5, X5
	VBLENDVPD X5, X3, X2, X5
	VCMPPD    $0, X3, X2, X0
	VANDPD    X3, X2, X2
	VBLENDVPD X0, X2, X5, X2
	VMOVSD    X2, (R10)(SI*8)
	VMULSD    X1, X12, X3
	VDIVSD    X2, X3, X3
	VADDSD    X3, X4, X4
	VMOVSD    X4, (DI)(SI*8)
	INCQ      SI
	CMPQ      SI, CX
	JLT       loop1

done:
	VZEROUPPER
	RET
