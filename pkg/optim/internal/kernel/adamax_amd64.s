//go:build !purego

#include "kernel_amd64.h"

// ADAMAX is adamaxF32AVX2 and adamaxF64AVX2. Registers: R9 m, R10 u;
// Y8..Y15 hold the constants, Y0..Y5 the operands.
#define ADAMAX \
	ARGS \
	MAGNITUDES(Y8) \
	SIGNS(Y9) \
	VBROADCAST COEFF(1), Y10 /* WeightDecay */ \
	VBROADCAST COEFF(2), Y15 /* Beta1 */ \
	VBROADCAST COEFF(3), Y13 /* Beta2 */ \
	VBROADCAST COEFF(4), Y14 /* OneMinusBeta1 */ \
	VBROADCAST COEFF(5), Y12 /* NegCLR */ \
	VBROADCAST COEFF(6), Y11 /* Eps */ \
	VECTORS(ADAMAX_STEP)

#define ADAMAX_STEP \
	GRAD(Y9, Y10) \
	MOMENT1 \
	VMUL  AT(R10), Y13, Y2 /* u*b2 */ \
	VAND  Y8, Y0, Y3 /* |g| */ \
	VADD  Y11, Y3, Y3 /* |g| + eps */ \
	MAX(Y2, Y3, Y5, Y0) /* u = max(u*b2, |g| + eps) */ \
	VMOVU Y3, AT(R10) \
	VMUL  Y1, Y12, Y2 /* (-clr)*m */ \
	VDIV  Y3, Y2, Y2 /* ((-clr)*m)/u */ \
	VADD  Y2, Y4, Y4 /* p = p + ((-clr)*m)/u */ \
	VMOVU Y4, AT(DI)

#define TYPED(f32, f64) f32
TEXT ·adamaxF32AVX2(SB), NOSPLIT, $0-144
	ADAMAX
#undef TYPED

#define TYPED(f32, f64) f64
TEXT ·adamaxF64AVX2(SB), NOSPLIT, $0-144
	ADAMAX
#undef TYPED
