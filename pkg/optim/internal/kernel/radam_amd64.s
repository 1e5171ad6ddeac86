//go:build !purego

#include "textflag.h"

// Flag bits, as radam* in radam_amd64.go.
#define MAXIMIZE 1
#define L2 2
#define RECTIFIED 4

// func radamF32AVX2(p, g, m, v []float32, c radamConsts[float32], flags uint64)
//
// Registers: DI p, R8 g, R9 m, R10 v, SI index, DX end of the 8-wide part,
// CX length, BX flags. Y7..Y15 hold the broadcast constants, Y0..Y5 the
// operands of the current 8 elements; the rarely used constants (-0, wd,
// 1) are broadcast from memory into Y6 where needed.
TEXT ·radamF32AVX2(SB), NOSPLIT, $0-152
	MOVQ         p_base+0(FP), DI
	MOVQ         p_len+8(FP), CX
	MOVQ         g_base+24(FP), R8
	MOVQ         m_base+48(FP), R9
	MOVQ         v_base+72(FP), R10
	MOVQ         flags+144(FP), BX
	VBROADCASTSS c_b1+96(FP), Y15
	VBROADCASTSS c_omb1+100(FP), Y14
	VBROADCASTSS c_b2+104(FP), Y13
	VBROADCASTSS c_omb2+108(FP), Y12
	VBROADCASTSS c_bc1+112(FP), Y11
	VBROADCASTSS c_lr+116(FP), Y10
	VBROADCASTSS c_sqrtBC2+120(FP), Y9
	VBROADCASTSS c_rect+124(FP), Y8
	VBROADCASTSS c_eps+128(FP), Y7
	XORQ         SI, SI
	MOVQ         CX, DX
	ANDQ         $-8, DX
	JZ           tail

loop8:
	VMOVUPS (R8)(SI*4), Y0 // g
	VMOVUPS (DI)(SI*4), Y4 // p
	TESTQ   $MAXIMIZE, BX
	JZ      nomax8
	VBROADCASTSS c_negZero+132(FP), Y6
	VXORPS  Y6, Y0, Y0     // g = -g

nomax8:
	TESTQ  $L2, BX
	JZ     nol28
	VBROADCASTSS c_wd+136(FP), Y6
	VMULPS Y4, Y6, Y3 // wd*p
	VADDPS Y3, Y0, Y0 // g = g + wd*p

nol28:
	VMULPS  (R9)(SI*4), Y15, Y1  // m*b1
	VMULPS  Y0, Y14, Y3          // (1-b1)*g
	VADDPS  Y3, Y1, Y1           // m = m*b1 + (1-b1)*g
	VMOVUPS Y1, (R9)(SI*4)
	VMULPS  (R10)(SI*4), Y13, Y2 // v*b2
	VMULPS  Y0, Y12, Y3          // (1-b2)*g
	VMULPS  Y0, Y3, Y3           // ((1-b2)*g)*g
	VADDPS  Y3, Y2, Y2           // v = v*b2 + ((1-b2)*g)*g
	VMOVUPS Y2, (R10)(SI*4)
	VDIVPS  Y11, Y1, Y3          // m/bc1
	VMULPS  Y10, Y3, Y3          // step = (m/bc1)*lr
	TESTQ   $RECTIFIED, BX
	JZ      unrect8
	VSQRTPS Y2, Y5               // sqrt(v)
	VADDPS  Y7, Y5, Y5           // sqrt(v) + eps
	VBROADCASTSS c_one+140(FP), Y6
	VDIVPS  Y5, Y6, Y5           // 1/(sqrt(v) + eps)
	VMULPS  Y9, Y5, Y5           // adaptive = (1/(sqrt(v) + eps))*sqrt(bc2)
	VMULPS  Y5, Y3, Y3           // step*adaptive
	VMULPS  Y8, Y3, Y3           // step = (step*adaptive)*rect

unrect8:
	VSUBPS  Y3, Y4, Y4 // p = p - step
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
	VMOVSS c_negZero+132(FP), X6
	VXORPS X6, X0, X0

nomax1:
	TESTQ  $L2, BX
	JZ     nol21
	VMOVSS c_wd+136(FP), X6
	VMULSS X4, X6, X3
	VADDSS X3, X0, X0

nol21:
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
	VDIVSS X11, X1, X3
	VMULSS X10, X3, X3
	TESTQ  $RECTIFIED, BX
	JZ     unrect1
	VSQRTSS X2, X2, X5
	VADDSS  X7, X5, X5
	VMOVSS  c_one+140(FP), X6
	VDIVSS  X5, X6, X5
	VMULSS  X9, X5, X5
	VMULSS  X5, X3, X3
	VMULSS  X8, X3, X3

unrect1:
	VSUBSS X3, X4, X4
	VMOVSS X4, (DI)(SI*4)
	INCQ   SI
	CMPQ   SI, CX
	JLT    loop1

done:
	VZEROUPPER
	RET

// func radamF64AVX2(p, g, m, v []float64, c radamConsts[float64], flags uint64)
//
// Registers: DI p, R8 g, R9 m, R10 v, SI index, DX end of the 4-wide part,
// CX length, BX flags. Y7..Y15 hold the broadcast constants, Y0..Y5 the
// operands of the current 4 elements; the rarely used constants (-0, wd,
// 1) are broadcast from memory into Y6 where needed.
TEXT ·radamF64AVX2(SB), NOSPLIT, $0-200
	MOVQ         p_base+0(FP), DI
	MOVQ         p_len+8(FP), CX
	MOVQ         g_base+24(FP), R8
	MOVQ         m_base+48(FP), R9
	MOVQ         v_base+72(FP), R10
	MOVQ         flags+192(FP), BX
	VBROADCASTSD c_b1+96(FP), Y15
	VBROADCASTSD c_omb1+104(FP), Y14
	VBROADCASTSD c_b2+112(FP), Y13
	VBROADCASTSD c_omb2+120(FP), Y12
	VBROADCASTSD c_bc1+128(FP), Y11
	VBROADCASTSD c_lr+136(FP), Y10
	VBROADCASTSD c_sqrtBC2+144(FP), Y9
	VBROADCASTSD c_rect+152(FP), Y8
	VBROADCASTSD c_eps+160(FP), Y7
	XORQ         SI, SI
	MOVQ         CX, DX
	ANDQ         $-8, DX
	JZ           tail

loop4:
	VMOVUPD (R8)(SI*8), Y0 // g
	VMOVUPD (DI)(SI*8), Y4 // p
	TESTQ   $MAXIMIZE, BX
	JZ      nomax4
	VBROADCASTSD c_negZero+168(FP), Y6
	VXORPD  Y6, Y0, Y0     // g = -g

nomax4:
	TESTQ  $L2, BX
	JZ     nol24
	VBROADCASTSD c_wd+176(FP), Y6
	VMULPD Y4, Y6, Y3 // wd*p
	VADDPD Y3, Y0, Y0 // g = g + wd*p

nol24:
	VMULPD  (R9)(SI*8), Y15, Y1  // m*b1
	VMULPD  Y0, Y14, Y3          // (1-b1)*g
	VADDPD  Y3, Y1, Y1           // m = m*b1 + (1-b1)*g
	VMOVUPD Y1, (R9)(SI*8)
	VMULPD  (R10)(SI*8), Y13, Y2 // v*b2
	VMULPD  Y0, Y12, Y3          // (1-b2)*g
	VMULPD  Y0, Y3, Y3           // ((1-b2)*g)*g
	VADDPD  Y3, Y2, Y2           // v = v*b2 + ((1-b2)*g)*g
	VMOVUPD Y2, (R10)(SI*8)
	VDIVPD  Y11, Y1, Y3          // m/bc1
	VMULPD  Y10, Y3, Y3          // step = (m/bc1)*lr
	TESTQ   $RECTIFIED, BX
	JZ      unrect4
	VSQRTPD Y2, Y5               // sqrt(v)
	VADDPD  Y7, Y5, Y5           // sqrt(v) + eps
	VBROADCASTSD c_one+184(FP), Y6
	VDIVPD  Y5, Y6, Y5           // 1/(sqrt(v) + eps)
	VMULPD  Y9, Y5, Y5           // adaptive = (1/(sqrt(v) + eps))*sqrt(bc2)
	VMULPD  Y5, Y3, Y3           // step*adaptive
	VMULPD  Y8, Y3, Y3           // step = (step*adaptive)*rect

unrect4:
	VSUBPD  Y3, Y4, Y4 // p = p - step
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
	VMOVSD c_negZero+168(FP), X6
	VXORPD X6, X0, X0

nomax1:
	TESTQ  $L2, BX
	JZ     nol21
	VMOVSD c_wd+176(FP), X6
	VMULSD X4, X6, X3
	VADDSD X3, X0, X0

nol21:
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
	VDIVSD X11, X1, X3
	VMULSD X10, X3, X3
	TESTQ  $RECTIFIED, BX
	JZ     unrect1
	VSQRTSD X2, X2, X5
	VADDSD  X7, X5, X5
	VMOVSD  c_one+184(FP), X6
	VDIVSD  X5, X6, X5
	VMULSD  X9, X5, X5
	VMULSD  X5, X3, X3
	VMULSD  X8, X3, X3

unrect1:
	VSUBSD X3, X4, X4
	VMOVSD X4, (DI)(SI*8)
	INCQ   SI
	CMPQ   SI, CX
	JLT    loop1

done:
	VZEROUPPER
	RET
