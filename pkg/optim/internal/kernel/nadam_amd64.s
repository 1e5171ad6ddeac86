//go:build !purego

#include "kernel_amd64.h"

// NADAM is nadamF32AVX2 and nadamF64AVX2. Registers: R9 m, R10 v; Y6..Y15
// hold the constants, Y0..Y5 the operands.
#define NADAM \
	ARGS \
	SIGNS(Y6) \
	VBROADCAST COEFF(1), Y7 /* WeightDecay */ \
	VBROADCAST COEFF(2), Y15 /* Beta1 */ \
	VBROADCAST COEFF(3), Y13 /* Beta2 */ \
	VBROADCAST COEFF(4), Y14 /* OneMinusBeta1 */ \
	VBROADCAST COEFF(5), Y12 /* OneMinusBeta2 */ \
	VBROADCAST COEFF(6), Y11 /* BC2 */ \
	VBROADCAST COEFF(7), Y10 /* GradCoeff */ \
	VBROADCAST COEFF(8), Y9 /* MomentCoeff */ \
	VBROADCAST COEFF(9), Y8 /* Eps */ \
	VECTORS(NADAM_STEP)

#define NADAM_STEP \
	GRAD(Y6, Y7) \
	MOMENT1 \
	MOMENT2 \
	VDIV  Y11, Y2, Y3 /* v/bc2 */ \
	VSQRT Y3, Y3 /* sqrt(v/bc2) */ \
	VADD  Y8, Y3, Y3 /* denom = sqrt(v/bc2) + eps */ \
	VMUL  Y0, Y10, Y5 /* gradCoeff*g */ \
	VDIV  Y3, Y5, Y5 /* (gradCoeff*g)/denom */ \
	VADD  Y5, Y4, Y4 /* p = p + (gradCoeff*g)/denom */ \
	VMUL  Y1, Y9, Y5 /* momentCoeff*m */ \
	VDIV  Y3, Y5, Y5 /* (momentCoeff*m)/denom */ \
	VADD  Y5, Y4, Y4 /* p = p + (momentCoeff*m)/denom */ \
	VMOVU Y4, AT(DI)

#define TYPED(f32, f64) f32
TEXT ·nadamF32AVX2(SB), NOSPLIT, $0-144
	NADAM
#undef TYPED

#define TYPED(f32, f64) f64
TEXT ·nadamF64AVX2(SB), NOSPLIT, $0-144
	NADAM
#undef TYPED
