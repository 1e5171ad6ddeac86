//go:build !purego

#include "textflag.h"

// A float is NaN or ±Inf exactly when its exponent bits are all ones, which
// is what NonFinite's test v-v != 0 detects.
//
// A single stream of reads keeps too few cache misses in flight to reach
// the memory bandwidth, so the kernels below read the first and the second
// half of x side by side. A hit in the first half ends the search; after a
// hit in the second half, the rest of the first half must still be read.
// What is left after the two halves (fewer than two blocks) and the scalar
// tail are read as one stream.

// MASKS32 sets m0..m3 to the non-finite lanes of the 32 float32 at ptr and
// any to their union. Y15 holds the exponent mask.
#define MASKS32(ptr, m0, m1, m2, m3, any, tmp) \
	VPAND    (ptr), Y15, m0;   \
	VPAND    32(ptr), Y15, m1; \
	VPAND    64(ptr), Y15, m2; \
	VPAND    96(ptr), Y15, m3; \
	VPCMPEQD Y15, m0, m0;      \
	VPCMPEQD Y15, m1, m1;      \
	VPCMPEQD Y15, m2, m2;      \
	VPCMPEQD Y15, m3, m3;      \
	VPOR     m1, m0, any;      \
	VPOR     m3, m2, tmp;      \
	VPOR     tmp, any, any

// func nonFiniteF32AVX2(x []float32) int
//
// Registers: DI x, CX length, DX the length of a half (a multiple of 32),
// R9 the second half, SI index, R12 the block of a hit in the second half,
// Y15 the exponent mask.
TEXT ·nonFiniteF32AVX2(SB), NOSPLIT, $0-32
	MOVQ         x_base+0(FP), DI
	MOVQ         x_len+8(FP), CX
	MOVL         $0x7f800000, AX
	MOVQ         AX, X15
	VPBROADCASTD X15, Y15
	XORQ         SI, SI
	MOVQ         CX, DX
	SHRQ         $1, DX
	ANDQ         $-32, DX
	JZ           rest
	LEAQ         (DI)(DX*4), R9

halves:
	LEAQ    (DI)(SI*4), R8
	MASKS32(R8, Y0, Y1, Y2, Y3, Y4, Y5)
	LEAQ    (R9)(SI*4), R10
	MASKS32(R10, Y6, Y7, Y8, Y9, Y10, Y11)
	VPTEST  Y4, Y4
	JNZ     found
	VPTEST  Y10, Y10
	JNZ     second
	ADDQ    $32, SI
	CMPQ    SI, DX
	JLT     halves
	LEAQ    (DX)(DX*1), SI
	JMP     rest

second:
	// The second half has one in block SI; finish the first half alone.
	MOVQ SI, R12

first:
	ADDQ    $32, SI
	CMPQ    SI, DX
	JGE     inSecond
	LEAQ    (DI)(SI*4), R8
	MASKS32(R8, Y0, Y1, Y2, Y3, Y4, Y5)
	VPTEST  Y4, Y4
	JNZ     found
	JMP     first

inSecond:
	LEAQ    (DX)(R12*1), SI
	LEAQ    (DI)(SI*4), R8
	MASKS32(R8, Y0, Y1, Y2, Y3, Y4, Y5)
	JMP     found

rest:
	MOVQ CX, DX
	ANDQ $-32, DX
	CMPQ SI, DX
	JGE  tail

loop32:
	LEAQ    (DI)(SI*4), R8
	MASKS32(R8, Y0, Y1, Y2, Y3, Y4, Y5)
	VPTEST  Y4, Y4
	JNZ     found
	ADDQ    $32, SI
	CMPQ    SI, DX
	JLT     loop32

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

// MASKS16 sets m0..m3 to the non-finite lanes of the 16 float64 at ptr and
// any to their union. Y15 holds the exponent mask.
#define MASKS16(ptr, m0, m1, m2, m3, any, tmp) \
	VPAND    (ptr), Y15, m0;   \
	VPAND    32(ptr), Y15, m1; \
	VPAND    64(ptr), Y15, m2; \
	VPAND    96(ptr), Y15, m3; \
	VPCMPEQQ Y15, m0, m0;      \
	VPCMPEQQ Y15, m1, m1;      \
	VPCMPEQQ Y15, m2, m2;      \
	VPCMPEQQ Y15, m3, m3;      \
	VPOR     m1, m0, any;      \
	VPOR     m3, m2, tmp;      \
	VPOR     tmp, any, any

// func nonFiniteF64AVX2(x []float64) int
//
// Registers as in nonFiniteF32AVX2, with blocks of 16 elements; R11 holds
// the exponent mask for the scalar tail.
TEXT ·nonFiniteF64AVX2(SB), NOSPLIT, $0-32
	MOVQ         x_base+0(FP), DI
	MOVQ         x_len+8(FP), CX
	MOVQ         $0x7ff0000000000000, R11
	MOVQ         R11, X15
	VPBROADCASTQ X15, Y15
	XORQ         SI, SI
	MOVQ         CX, DX
	SHRQ         $1, DX
	ANDQ         $-16, DX
	JZ           rest
	LEAQ         (DI)(DX*8), R9

halves:
	LEAQ    (DI)(SI*8), R8
	MASKS16(R8, Y0, Y1, Y2, Y3, Y4, Y5)
	LEAQ    (R9)(SI*8), R10
	MASKS16(R10, Y6, Y7, Y8, Y9, Y10, Y11)
	VPTEST  Y4, Y4
	JNZ     found
	VPTEST  Y10, Y10
	JNZ     second
	ADDQ    $16, SI
	CMPQ    SI, DX
	JLT     halves
	LEAQ    (DX)(DX*1), SI
	JMP     rest

second:
	MOVQ SI, R12

first:
	ADDQ    $16, SI
	CMPQ    SI, DX
	JGE     inSecond
	LEAQ    (DI)(SI*8), R8
	MASKS16(R8, Y0, Y1, Y2, Y3, Y4, Y5)
	VPTEST  Y4, Y4
	JNZ     found
	JMP     first

inSecond:
	LEAQ    (DX)(R12*1), SI
	LEAQ    (DI)(SI*8), R8
	MASKS16(R8, Y0, Y1, Y2, Y3, Y4, Y5)
	JMP     found

rest:
	MOVQ CX, DX
	ANDQ $-16, DX
	CMPQ SI, DX
	JGE  tail

loop16:
	LEAQ    (DI)(SI*8), R8
	MASKS16(R8, Y0, Y1, Y2, Y3, Y4, Y5)
	VPTEST  Y4, Y4
	JNZ     found
	ADDQ    $16, SI
	CMPQ    SI, DX
	JLT     loop16

tail:
	CMPQ SI, CX
	JGE  none

loop1:
	MOVQ (DI)(SI*8), AX
	ANDQ R11, AX
	CMPQ AX, R11
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
