//go:build !purego

#include "textflag.h"

// A float is NaN or ±Inf exactly when its exponent bits are all ones, which
// is what NonFinite's test v-v != 0 detects.

// func nonFiniteF32AVX2(x []float32) int
//
// Registers: DI x, CX length, DX end of the 32-wide part, SI index,
// Y15 the exponent mask.
TEXT ·nonFiniteF32AVX2(SB), NOSPLIT, $0-32
	MOVQ         x_base+0(FP), DI
	MOVQ         x_len+8(FP), CX
	MOVL         $0x7f800000, AX
	MOVQ         AX, X15
	VPBROADCASTD X15, Y15
	XORQ         SI, SI
	MOVQ         CX, DX
	ANDQ         $-32, DX
	JZ           tail

loop32:
	VPAND    (DI)(SI*4), Y15, Y0
	VPAND    32(DI)(SI*4), Y15, Y1
	VPAND    64(DI)(SI*4), Y15, Y2
	VPAND    96(DI)(SI*4), Y15, Y3
	VPCMPEQD Y15, Y0, Y0
	VPCMPEQD Y15, Y1, Y1
	VPCMPEQD Y15, Y2, Y2
	VPCMPEQD Y15, Y3, Y3
	VPOR     Y1, Y0, Y4
	VPOR     Y3, Y2, Y5
	VPOR     Y5, Y4, Y4
	VPTEST   Y4, Y4
	JNZ      found
	ADDQ     $32, SI
	CMPQ     SI, DX
	JLT      loop32

tail:
	CMPQ SI, CX
	JGE  none

loop1:
	MOVL (DI)(SI*4), AX
	ANDL $0x7f800000, AX
	CMPL AX, $0x7f800000
	JEQ  done
	INCQ SI
	CMPQ SI, CX
	JLT  loop1

none:
	MOVQ $-1, SI
	JMP  done

found:
	// The block of 32 at SI holds one: find the first lane set in Y0..Y3.
	VMOVMSKPS Y0, AX
	TESTL     AX, AX
	JNZ       lane
	ADDQ      $8, SI
	VMOVMSKPS Y1, AX
	TESTL     AX, AX
	JNZ       lane
	ADDQ      $8, SI
	VMOVMSKPS Y2, AX
	TESTL     AX, AX
	JNZ       lane
	ADDQ      $8, SI
	VMOVMSKPS Y3, AX

lane:
	BSFL AX, AX
	ADDQ AX, SI

done:
	MOVQ SI, ret+24(FP)
	VZEROUPPER
	RET

// func nonFiniteF64AVX2(x []float64) int
//
// Registers: DI x, CX length, DX end of the 16-wide part, SI index,
// R9 and Y15 the exponent mask.
TEXT ·nonFiniteF64AVX2(SB), NOSPLIT, $0-32
	MOVQ         x_base+0(FP), DI
	MOVQ         x_len+8(FP), CX
	MOVQ         $0x7ff0000000000000, R9
	MOVQ         R9, X15
	VPBROADCASTQ X15, Y15
	XORQ         SI, SI
	MOVQ         CX, DX
	ANDQ         $-16, DX
	JZ           tail

loop16:
	VPAND    (DI)(SI*8), Y15, Y0
	VPAND    32(DI)(SI*8), Y15, Y1
	VPAND    64(DI)(SI*8), Y15, Y2
	VPAND    96(DI)(SI*8), Y15, Y3
	VPCMPEQQ Y15, Y0, Y0
	VPCMPEQQ Y15, Y1, Y1
	VPCMPEQQ Y15, Y2, Y2
	VPCMPEQQ Y15, Y3, Y3
	VPOR     Y1, Y0, Y4
	VPOR     Y3, Y2, Y5
	VPOR     Y5, Y4, Y4
	VPTEST   Y4, Y4
	JNZ      found
	ADDQ     $16, SI
	CMPQ     SI, DX
	JLT      loop16

tail:
	CMPQ SI, CX
	JGE  none

loop1:
	MOVQ (DI)(SI*8), AX
	ANDQ R9, AX
	CMPQ AX, R9
	JEQ  done
	INCQ SI
	CMPQ SI, CX
	JLT  loop1

none:
	MOVQ $-1, SI
	JMP  done

found:
	// The block of 16 at SI holds one: find the first lane set in Y0..Y3.
	VMOVMSKPD Y0, AX
	TESTL     AX, AX
	JNZ       lane
	ADDQ      $4, SI
	VMOVMSKPD Y1, AX
	TESTL     AX, AX
	JNZ       lane
	ADDQ      $4, SI
	VMOVMSKPD Y2, AX
	TESTL     AX, AX
	JNZ       lane
	ADDQ      $4, SI
	VMOVMSKPD Y3, AX

lane:
	BSFL AX, AX
	ADDQ AX, SI

done:
	MOVQ SI, ret+24(FP)
	VZEROUPPER
	RET
