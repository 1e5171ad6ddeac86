//go:build !purego

#include "kernel_amd64.h"

// ADAGRAD is adagradF32AVX2 and adagradF64AVX2. Registers: R9 sum; Y6 and
// Y13..Y15 hold the constants, Y0..Y4 the operands.
#define ADAGRAD \
	ARGS \
	SIGNS(Y6) \
	VBROADCAST COEFF(1), Y13 /* WeightDecay */ \
	VBROADCAST COEFF(2), Y15 /* NegCLR */ \
	VBROADCAST COEFF(3), Y14 /* Eps */ \
	VECTORS(ADAGRAD_STEP)

#define ADAGRAD_STEP \
	GRAD(Y6, Y13) \
	VMUL  Y0, Y0, Y1 /* g*g */ \
	VADD  AT(R9), Y1, Y1 /* sum = sum + g*g */ \
	VMOVU Y1, AT(R9) \
	VSQRT Y1, Y1 /* sqrt(sum) */ \
	VADD  Y14, Y1, Y1 /* std = sqrt(sum) + eps */ \
	VMUL  Y0, Y15, Y3 /* (-clr)*g */ \
	VDIV  Y1, Y3, Y3 /* ((-clr)*g)/std */ \
	VADD  Y3, Y4, Y4 /* p = p + ((-clr)*g)/std */ \
	VMOVU Y4, AT(DI)

#define TYPED(f32, f64) f32
TEXT ·adagradF32AVX2(SB), NOSPLIT, $0-144
	ADAGRAD
#undef TYPED

#define TYPED(f32, f64) f64
TEXT ·adagradF64AVX2(SB), NOSPLIT, $0-144
	ADAGRAD
#undef TYPED
