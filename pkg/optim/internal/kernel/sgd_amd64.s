//go:build !purego

#include "kernel_amd64.h"

// SGD is sgdF32AVX2 and sgdF64AVX2. Registers: R9 buf; Y6 and Y12..Y15
// hold the constants, Y0..Y4 the operands.
#define SGD \
	ARGS \
	SIGNS(Y6) \
	VBROADCAST COEFF(1), Y14 /* WeightDecay */ \
	VBROADCAST COEFF(2), Y15 /* NegLR */ \
	VBROADCAST COEFF(3), Y13 /* Momentum */ \
	VBROADCAST COEFF(4), Y12 /* OneMinusDamp */ \
	VECTORS(SGD_STEP)

#define SGD_STEP \
	GRAD(Y6, Y14) \
	TESTQ $const_sgdMomentum, BX \
	JZ    step \
	VMOVU Y0, Y1 /* buf = g on the first step */ \
	TESTQ $const_sgdFirst, BX \
	JNZ   stbuf \
	VMUL  AT(R9), Y13, Y1 /* buf*momentum */ \
	VMUL  Y0, Y12, Y3 /* (1-dampening)*g */ \
	VADD  Y3, Y1, Y1 /* buf = buf*momentum + (1-dampening)*g */ \
stbuf: \
	VMOVU Y1, AT(R9) \
	TESTQ $const_sgdNesterov, BX \
	JZ    plain \
	VMUL  Y1, Y13, Y3 /* momentum*buf */ \
	VADD  Y3, Y0, Y0 /* d = g + momentum*buf */ \
	JMP   step \
plain: \
	VMOVU Y1, Y0 /* d = buf */ \
step: \
	VMUL  Y0, Y15, Y3 /* (-lr)*d */ \
	VADD  Y3, Y4, Y4 /* p = p + (-lr)*d */ \
	VMOVU Y4, AT(DI)

#define TYPED(f32, f64) f32
TEXT ·sgdF32AVX2(SB), NOSPLIT, $0-144
	SGD
#undef TYPED

#define TYPED(f32, f64) f64
TEXT ·sgdF64AVX2(SB), NOSPLIT, $0-144
	SGD
#undef TYPED
