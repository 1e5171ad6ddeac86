//go:build !purego

#include "textflag.h"

// Flag bits, as adam* in adam_amd64.go.
#define MAXIMIZE 1
#define L2 2
#define AMSGRAD 4

// func adamF32AVX2(p, g, m, v, vmax []float32, c adamConsts[float32], flags uint64)
//
// Registers: DI p, R8 g, R9 m, R10 v, R11 vmax, SI index, DX end of the
// 8-wide part, CX length, BX flags. Y6..Y15 hold the broadcast constants,
// Y0..Y5 the operands of the current 8 elements.
TEXT ·adamF32AVX2(SB), NOSPLIT, $0-168
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ g_base+24(FP), R8
	MOVQ m_base+48(FP), R9
	MOVQ v_base+72(FP), R10
	MOVQ vmax_base+96(FP), R11
	MOVQ flags+160(FP), BX
	VBROADCASTSS c_b1+120(FP), Y15
	VBROADCASTSS c_omb1+124(FP), Y14
	VBROADCASTSS c_b2+128(FP), Y13
	VBROADCASTSS c_omb2+132(FP), Y12
	VBROADCASTSS c_sqrtBC2+136(FP), Y11
	VBROADCASTSS c_eps+140(FP), Y10
	VBROADCASTSS c_negStep+144(FP), Y9
	VBROADCASTSS c_wd+148(FP), Y8
	VBROADCASTSS c_decay+152(FP), Y7
	MOVL         $0x80000000, AX
	MOVQ         AX, X6
	VPBROADCASTD X6, Y6
	XORQ         SI, SI
	MOVQ         CX, DX
	ANDQ         $-8, DX
	JZ           tail

loop8:
	VMOVUPS (R8)(SI*4), Y0 // g
	VMOVUPS (DI)(SI*4), Y4 // p
	TESTQ   $MAXIMIZE, BX
	JZ      nomax8
	VXORPS  Y6, Y0, Y0     // g = -g

nomax8:
	TESTQ  $L2, BX
	JZ     nol28
	VMULPS Y4, Y8, Y3 // wd*p
	VADDPS Y3, Y0, Y0 // g = g + wd*p

nol28:
	VMULPS  Y7, Y4, Y4          // p = p*decay
	VMULPS  (R9)(SI*4), Y15, Y1 // m*b1
	VMULPS  Y0, Y14, Y3         // (1-b1)*g
	VADDPS  Y3, Y1, Y1          // m = m*b1 + (1-b1)*g
	VMOVUPS Y1, (R9)(SI*4)
	VMULPS  (R10)(SI*4), Y13, Y2 // v*b2
	VMULPS  Y0, Y12, Y3          // (1-b2)*g
	VMULPS  Y0, Y3, Y3           // ((1-b2)*g)*g
	VADDPS  Y3, Y2, Y2           // v = v*b2 + ((1-b2)*g)*g
	VMOVUPS Y2, (R10)(SI*4)
	TESTQ   $AMSGRAD, BX
	JZ      noams8

	// vmax = max(vmax, v) with Go's max: NaN if either is NaN, +0 for
	// max(-0, +0). Y5 = x = vmax, Y2 = y = v; Y0 and Y3 are free.
	VMOVUPS   (R11)(SI*4), Y5
	VCMPPS    $3, Y2, Y2, Y0    // y is NaN
	VCMPPS    $0x11, Y2, Y5, Y3 // x < y
	VORPS     Y3, Y0, Y0        // take y
	VBLENDVPS Y0, Y2, Y5, Y0    // Y0 = take y ? y : x
	VCMPPS    $0, Y2, Y5, Y3    // x == y: equal, or zeros of either sign
	VANDPS    Y2, Y5, Y5        // x & y: +0 unless both are -0
	VBLENDVPS Y3, Y5, Y0, Y2    // v = x == y ? x&y : Y0
	VMOVUPS   Y2, (R11)(SI*4)

noams8:
	VSQRTPS Y2, Y3      // sqrt(v)
	VDIVPS  Y11, Y3, Y3 // sqrt(v)/sqrt(bc2)
	VADDPS  Y10, Y3, Y3 // denom = sqrt(v)/sqrt(bc2) + eps
	VMULPS  Y1, Y9, Y5  // (-stepSize)*m
	VDIVPS  Y3, Y5, Y5  // ((-stepSize)*m)/denom
	VADDPS  Y5, Y4, Y4  // p = p + ((-stepSize)*m)/denom
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
	VXORPS X6, X0, X0

nomax1:
	TESTQ  $L2, BX
	JZ     nol21
	VMULSS X4, X8, X3
	VADDSS X3, X0, X0

nol21:
	VMULSS X7, X4, X4
	VMOVSS (R9)(SI*4), X1
	VMULSS X1, X15, X1
	VMULSS X0, X14, X3
	VADDSS X3, X1, X1
	VMOVSS X1, (R9)(SI*4)
	VMOVSS (R10)(SI*4), X2
	VMULSS X2, X13, X2
	VMULSS X0, X12, X3
	VMULSS X0, X3, X3
	VADDSS X3, X2, X2
	VMOVSS X2, (R10)(SI*4)
	TESTQ  $AMSGRAD, BX
	JZ     noams1
	VMOVSS    (R11)(SI*4), X5
	VCMPPS    $3, X2, X2, X0
	VCMPPS    $0x11, X2, X5, X3
	VORPS     X3, X0, X0
	VBLENDVPS X0, X2, X5, X0
	VCMPPS    $0, X2, X5, X3
	VANDPS    X2, X5, X5
	VBLENDVPS X3, X5, X0, X2
	VMOVSS    X2, (R11)(SI*4)

noams1:
	VSQRTSS X2, X2, X3
	VDIVSS  X11, X3, X3
	VADDSS  X10, X3, X3
	VMULSS  X1, X9, X5
	VDIVSS  X3, X5, X5
	VADDSS  X5, X4, X4
	VMOVSS  X4, (DI)(SI*4)
	INCQ    SI
	CMPQ    SI, CX
	JLT     loop1

done:
	VZEROUPPER
	RET

// func adamF64AVX2(p, g, m, v, vmax []float64, c adamConsts[float64], flags uint64)
//
// Registers: DI p, R8 g, R9 m, R10 v, R11 vmax, SI index, DX end of the
// 4-wide part, CX length, BX flags. Y6..Y15 hold the broadcast constants,
// Y0..Y5 the operands of the current 4 elements.
TEXT ·adamF64AVX2(SB), NOSPLIT, $0-200
	MOVQ p_base+0(FP), DI
	MOVQ p_len+8(FP), CX
	MOVQ g_base+24(FP), R8
	MOVQ m_base+48(FP), R9
	MOVQ v_base+72(FP), R10
	MOVQ vmax_base+96(FP), R11
	MOVQ flags+192(FP), BX
	VBROADCASTSD c_b1+120(FP), Y15
	VBROADCASTSD c_omb1+128(FP), Y14
	VBROADCASTSD c_b2+136(FP), Y13
	VBROADCASTSD c_omb2+144(FP), Y12
	VBROADCASTSD c_sqrtBC2+152(FP), Y11
	VBROADCASTSD c_eps+160(FP), Y10
	VBROADCASTSD c_negStep+168(FP), Y9
	VBROADCASTSD c_wd+176(FP), Y8
	VBROADCASTSD c_decay+184(FP), Y7
	MOVQ         $0x8000000000000000, AX
	MOVQ         AX, X6
	VPBROADCASTQ X6, Y6
	XORQ         SI, SI
	MOVQ         CX, DX
	ANDQ         $-8, DX
	JZ           tail

loop4:
	VMOVUPD (R8)(SI*8), Y0 // g
	VMOVUPD (DI)(SI*8), Y4 // p
	TESTQ   $MAXIMIZE, BX
	JZ      nomax4
	VXORPD  Y6, Y0, Y0     // g = -g

nomax4:
	TESTQ  $L2, BX
	JZ     nol24
	VMULPD Y4, Y8, Y3 // wd*p
	VADDPD Y3, Y0, Y0 // g = g + wd*p

nol24:
	VMULPD  Y7, Y4, Y4          // p = p*decay
	VMULPD  (R9)(SI*8), Y15, Y1 // m*b1
	VMULPD  Y0, Y14, Y3         // (1-b1)*g
	VADDPD  Y3, Y1, Y1          // m = m*b1 + (1-b1)*g
	VMOVUPD Y1, (R9)(SI*8)
	VMULPD  (R10)(SI*8), Y13, Y2 // v*b2
	VMULPD  Y0, Y12, Y3          // (1-b2)*g
	VMULPD  Y0, Y3, Y3           // ((1-b2)*g)*g
	VADDPD  Y3, Y2, Y2           // v = v*b2 + ((1-b2)*g)*g
	VMOVUPD Y2, (R10)(SI*8)
	TESTQ   $AMSGRAD, BX
	JZ      noams4

	// vmax = max(vmax, v) with Go's max: NaN if either is NaN, +0 for
	// max(-0, +0). Y5 = x = vmax, Y2 = y = v; Y0 and Y3 are free.
	VMOVUPD   (R11)(SI*8), Y5
	VCMPPD    $3, Y2, Y2, Y0    // y is NaN
	VCMPPD    $0x11, Y2, Y5, Y3 // x < y
	VORPD     Y3, Y0, Y0        // take y
	VBLENDVPD Y0, Y2, Y5, Y0    // Y0 = take y ? y : x
	VCMPPD    $0, Y2, Y5, Y3    // x == y: equal, or zeros of either sign
	VANDPD    Y2, Y5, Y5        // x & y: +0 unless both are -0
	VBLENDVPD Y3, Y5, Y0, Y2    // v = x == y ? x&y : Y0
	VMOVUPD   Y2, (R11)(SI*8)

noams4:
	VSQRTPD Y2, Y3      // sqrt(v)
	VDIVPD  Y11, Y3, Y3 // sqrt(v)/sqrt(bc2)
	VADDPD  Y10, Y3, Y3 // denom = sqrt(v)/sqrt(bc2) + eps
	VMULPD  Y1, Y9, Y5  // (-stepSize)*m
	VDIVPD  Y3, Y5, Y5  // ((-stepSize)*m)/denom
	VADDPD  Y5, Y4, Y4  // p = p + ((-stepSize)*m)/denom
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
	VXORPD X6, X0, X0

nomax1:
	TESTQ  $L2, BX
	JZ     nol21
	VMULSD X4, X8, X3
	VADDSD X3, X0, X0

nol21:
	VMULSD X7, X4, X4
	VMOVSD (R9)(SI*8), X1
	VMULSD X1, X15, X1
	VMULSD X0, X14, X3
	VADDSD X3, X1, X1
	VMOVSD X1, (R9)(SI*8)
	VMOVSD (R10)(SI*8), X2
	VMULSD X2, X13, X2
	VMULSD X0, X12, X3
	VMULSD X0, X3, X3
	VADDSD X3, X2, X2
	VMOVSD X2, (R10)(SI*8)
	TESTQ  $AMSGRAD, BX
	JZ     noams1
	VMOVSD    (R11)(SI*8), X5
	VCMPPD    $3, X2, X2, X0
	VCMPPD    $0x11, X2, X5, X3
	VORPD     X3, X0, X0
	VBLENDVPD X0, X2, X5, X0
	VCMPPD    $0, X2, X5, X3
	VANDPD    X2, X5, X5
	VBLENDVPD X3, X5, X0, X2
	VMOVSD    X2, (R11)(SI*8)

noams1:
	VSQRTSD X2, X2, X3
	VDIVSD  X11, X3, X3
	VADDSD  X10, X3, X3
	VMULSD  X1, X9, X5
	VDIVSD  X3, X5, X5
	VADDSD  X5, X4, X4
	VMOVSD  X4, (DI)(SI*8)
	INCQ    SI
	CMPQ    SI, CX
	JLT     loop1

done:
	VZEROUPPER
	RET
