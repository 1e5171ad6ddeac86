//go:build !purego

#include "kernel_amd64.h"

// ADADELTA is adadeltaF32AVX2 and adadeltaF64AVX2. Registers: R9 sq, R10
// acc; Y6 and Y11..Y15 hold the constants, Y0..Y5 the operands.
#define ADADELTA \
	ARGS \
	SIGNS(Y6) \
	VBROADCAST COEFF(1), Y11 /* WeightDecay */ \
	VBROADCAST COEFF(2), Y15 /* NegLR */ \
	VBROADCAST COEFF(3), Y14 /* Rho */ \
	VBROADCAST COEFF(4), Y13 /* OneMinusRho */ \
	VBROADCAST COEFF(5), Y12 /* Eps */ \
	VECTORS(ADADELTA_STEP)

#define ADADELTA_STEP \
	GRAD(Y6, Y11) \
	VMUL  AT(R9), Y14, Y1 /* sq*rho */ \
	VMUL  Y0, Y13, Y3 /* (1-rho)*g */ \
	VMUL  Y0, Y3, Y3 /* ((1-rho)*g)*g */ \
	VADD  Y3, Y1, Y1 /* sq = sq*rho + ((1-rho)*g)*g */ \
	VMOVU Y1, AT(R9) \
	VADD  Y12, Y1, Y1 /* sq + eps */ \
	VSQRT Y1, Y1 /* std = sqrt(sq + eps) */ \
	VMOVU AT(R10), Y2 /* acc */ \
	VADD  Y12, Y2, Y3 /* acc + eps */ \
	VSQRT Y3, Y3 /* sqrt(acc + eps) */ \
	VDIV  Y1, Y3, Y3 /* sqrt(acc + eps)/std */ \
	VMUL  Y0, Y3, Y3 /* delta = (sqrt(acc + eps)/std)*g */ \
	VMUL  Y14, Y2, Y2 /* acc*rho */ \
	VMUL  Y3, Y13, Y5 /* (1-rho)*delta */ \
	VMUL  Y3, Y5, Y5 /* ((1-rho)*delta)*delta */ \
	VADD  Y5, Y2, Y2 /* acc = acc*rho + ((1-rho)*delta)*delta */ \
	VMOVU Y2, AT(R10) \
	VMUL  Y3, Y15, Y5 /* (-lr)*delta */ \
	VADD  Y5, Y4, Y4 /* p = p + (-lr)*delta */ \
	VMOVU Y4, AT(DI)

#define TYPED(f32, f64) f32
TEXT ·adadeltaF32AVX2(SB), NOSPLIT, $0-144
	ADADELTA
#undef TYPED

#define TYPED(f32, f64) f64
TEXT ·adadeltaF64AVX2(SB), NOSPLIT, $0-144
	ADADELTA
#undef TYPED
