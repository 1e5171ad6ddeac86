//go:build !purego

#include "textflag.h"

// Flag bits, as nadam* in nadam_amd64.go.
#define MAXIMIZE 1
#define L2 2

// func nadamF32AVX2(p, g, m, v []float32, c nadamConsts[float32], flags uint64)
//
// Registers: DI p, R8 g, R9 m, R10 v, SI index, DX end of the 8-wide part,
// CX length, BX flags. Y6..Y15 hold the broadcast constants, Y0..Y5 the
// operands of the current 8 elements.
TEXT ·nadamF32AVX2(SB), NOSPLIT, $0-144
	MOVQ         p_base+0(FP), DI
	MOVQ         p_len+8(FP), CX
	MOVQ         g_base+24(FP), R8
	MOVQ         m_base+48(FP), R9
	MOVQ         v_base+72(FP), R10
	MOVQ         flags+136(FP), BX
	VBROADCASTSS c_b1+96(FP), Y15
	VBROADCASTSS c_omb1+100(FP), Y14
	VBROADCASTSS c_b2+104(FP), Y13
	VBROADCASTSS c_omb2+108(FP), Y12
	VBROADCASTSS c_bc2+112(FP), Y11
	VBROADCASTSS c_gradCoeff+116(FP), Y10
	VBROADCASTSS c_momentCoeff+120(FP), Y9
	VBROADCASTSS c_eps+124(FP), Y8
	VBROADCASTSS c_wd+128(FP), Y7
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
	VMULPS Y4, Y7, Y3 // wd*p
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
	VDIVPS  Y11, Y2, Y3          // v/bc2
	VSQRTPS Y3, Y3               // sqrt(v/bc2)
	VADDPS  Y8, Y3, Y3           // denom = sqrt(v/bc2) + eps
	VMULPS  Y0, Y10, Y5          // gradCoeff*g
	VDIVPS  Y3, Y5, Y5           // (gradCoeff*g)/denom
	VADDPS  Y5, Y4, Y4           // p = p + (gradCoeff*g)/denom
	VMULPS  Y1, Y9, Y5           // momentCoeff*m
	VDIVPS  Y3, Y5, Y5           // (momentCoeff*m)/denom
	VADDPS  Y5, Y4, Y4           // p = p + (momentCoeff*m)/denom
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
	VMULSS X4, X7, X3
	VADDSS X3, X0, X0

nol21:
	VMOVSS  (R9)(SI*4), X1
	VMULSS  X1, X15, X1
	VMULSS  X0, X14, X3
	VADDSS  X3, X1, X1
	VMOVSS  X1, (R9)(SI*4)
	VMOVSS  (R10)(SI*4), X2
	VMULSS  X2, X13, X2
	VMULSS  X0, X12, X3
	VMULSS  X0, X3, X3
	VADDSS  X3, X2, X2
	VMOVSS  X2, (R10)(SI*4)
	VDIVSS  X11, X2, X3
	VSQRTSS X3, X3, X3
	VADDSS  X8, X3, X3
	VMULSS  X0, X10, X5
	VDIVSS  X3, X5, X5
	VADDSS  X5, X4, X4
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

// func nadamF64AVX2(p, g, m, v []float64, c nadamConsts[float64], flags uint64)
//
// Registers: DI p, R8 g, R9 m, R10 v, SI index, DX end of the 4-wide part,
// CX length, BX flags. Y6..Y15 hold the broadcast constants, Y0..Y5 the
// operands of the current 4 elements.
TEXT ·nadamF64AVX2(SB), NOSPLIT, $0-176
	MOVQ         p_base+0(FP), DI
	MOVQ         p_len+8(FP), CX
	MOVQ         g_base+24(FP), R8
	MOVQ         m_base+48(FP), R9
	MOVQ         v_base+72(FP), R10
	MOVQ         flags+168(FP), BX
	VBROADCASTSD c_b1+96(FP), Y15
	VBROADCASTSD c_omb1+104(FP), Y14
	VBROADCASTSD c_b2+112(FP), Y13
	VBROADCASTSD c_omb2+120(FP), Y12
	VBROADCASTSD c_bc2+128(FP), Y11
	VBROADCASTSD c_gradCoeff+136(FP), Y10
	VBROADCASTSD c_momentCoeff+144(FP), Y9
	VBROADCASTSD c_eps+152(FP), Y8
	VBROADCASTSD c_wd+160(FP), Y7
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
	VMULPD Y4, Y7, Y3 // wd*p
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
	VDIVPD  Y11, Y2, Y3          // v/bc2
	VSQRTPD Y3, Y3               // sqrt(v/bc2)
	VADDPD  Y8, Y3, Y3           // denom = sqrt(v/bc2) + eps
	VMULPD  Y0, Y10, Y5          // gradCoeff*g
	VDIVPD  Y3, Y5, Y5           // (gradCoeff*g)/denom
	VADDPD  Y5, Y4, Y4           // p = p + (gradCoeff*g)/denom
	VMULPD  Y1, Y9, Y5           // momentCoeff*m
	VDIVPD  Y3, Y5, Y5           // (momentCoeff*m)/denom
	VADDPD  Y5, Y4, Y4           // p = p + (momentCoeff*m)/denom
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
	VMULSD X4, X7, X3
	VADDSD X3, X0, X0

nol21:
	VMOVSD  (R9)(SI*8), X1
	VMULSD  X1, X15, X1
	VMULSD  X0, X14, X3
	VADDSD  X3, X1, X1
	VMOVSD  X1, (R9)(SI*8)
	VMOVSD  (R10)(SI*8), X2
	VMULSD  X2, X13, X2
	VMULSD  X0, X12, X3
	VMULSD  X0, X3, X3
	VADDSD  X3, X2, X2
	VMOVSD  X2, (R10)(SI*8)
	VDIVSD  X11, X2, X3
	VSQRTSD X3, X3, X3
	VADDSD  X8, X3, X3
	VMULSD  X0, X10, X5
	VDIVSD  X3, X5, X5
	VADDSD  X5, X4, X4
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
