//go:build !purego

#include "textflag.h"

// A float is NaN or ±Inf exactly when its exponent bits are all ones, which
// is what NonFinite's test v-v != 0 detects.
//
// The check before a step reads every gradient and nearly always finds
// nothing, so the kernels below only answer whether x holds a non-finite
// value, as fast as memory delivers x; finding the first one is left to
// the portable loop, which only a failing step needs. They read whole
// vectors; the Go wrapper reads the few elements after the last one.
//
// One stream of reads keeps too few cache misses in flight to reach the
// memory bandwidth, so the kernels read the four quarters of x side by side,
// a cache line of each per iteration, and OR the lanes of all of them.

// LINE sets m0 to the non-finite lanes of the 64 bytes at (DI)(SI*1),
// using m1 as scratch: CMP compares lanes (VPCMPEQD for float32, VPCMPEQQ
// for float64) with the exponent mask in Y15.
#define LINE(CMP, m0, m1) \
	VPAND (DI)(SI*1), Y15, m0;       \
	VPAND 32(DI)(SI*1), Y15, m1;     \
	CMP   Y15, m0, m0;               \
	CMP   Y15, m1, m1;               \
	VPOR  m1, m0, m0

// ANYVEC ORs into Y14 the non-finite lanes of x: DI x, CX its length in
// bytes (a multiple of 32), Y15 the exponent mask. SI, DX, R12, R13 and
// Y0..Y7 are scratch.
#define ANYVEC(CMP) \
	VPXOR Y14, Y14, Y14;                        \
	MOVQ  CX, DX;                               \
	SHRQ  $2, DX;                               \
	ANDQ  $-64, DX;                             \
	LEAQ  (DX)(DX*1), R12;                      \
	LEAQ  (R12)(DX*1), R13;                     \
	XORQ  SI, SI;                               \
	CMPQ  SI, DX;                               \
	JGE   lines;                                \
quarters:                                       \
	LINE(CMP, Y0, Y1);                       \
	LEAQ  (SI)(DX*1), SI;                       \
	LINE(CMP, Y2, Y3);                       \
	LEAQ  (SI)(DX*1), SI;                       \
	LINE(CMP, Y4, Y5);                       \
	LEAQ  (SI)(DX*1), SI;                       \
	LINE(CMP, Y6, Y7);                       \
	SUBQ  R13, SI;                              \
	VPOR  Y2, Y0, Y0;                           \
	VPOR  Y6, Y4, Y4;                           \
	VPOR  Y4, Y0, Y0;                           \
	VPOR  Y0, Y14, Y14;                         \
	ADDQ  $64, SI;                              \
	CMPQ  SI, DX;                               \
	JLT   quarters;                             \
	LEAQ  (R13)(DX*1), SI;                      \
lines:                                          \
	CMPQ  SI, CX;                               \
	JGE   vecdone;                              \
	VPAND (DI)(SI*1), Y15, Y0;                  \
	CMP   Y15, Y0, Y0;                          \
	VPOR  Y0, Y14, Y14;                         \
	ADDQ  $32, SI;                              \
	JMP   lines;                                \
vecdone:

// ANSWER stores whether Y14 has a lane set as the bool result at ret+24(FP).
#define ANSWER \
	VPTEST     Y14, Y14;     \
	SETNE      ret+24(FP);   \
	VZEROUPPER;              \
	RET

// func anyNonFiniteF32AVX2(x []float32) bool
//
// len(x) must be a multiple of 8.
TEXT ·anyNonFiniteF32AVX2(SB), NOSPLIT, $0-25
	MOVQ         x_base+0(FP), DI
	MOVQ         x_len+8(FP), CX
	SHLQ         $2, CX
	MOVL         $0x7f800000, R11
	MOVQ         R11, X15
	VPBROADCASTD X15, Y15
	ANYVEC(VPCMPEQD)
	ANSWER

// func anyNonFiniteF64AVX2(x []float64) bool
//
// len(x) must be a multiple of 4.
TEXT ·anyNonFiniteF64AVX2(SB), NOSPLIT, $0-25
	MOVQ         x_base+0(FP), DI
	MOVQ         x_len+8(FP), CX
	SHLQ         $3, CX
	MOVQ         $0x7ff0000000000000, R11
	MOVQ         R11, X15
	VPBROADCASTQ X15, Y15
	ANYVEC(VPCMPEQQ)
	ANSWER
