//go:build !purego

#include "kernel_amd64.h"

// ADAM is adamF32AVX2 and adamF64AVX2. Registers: R9 m, R10 v, R11 vmax;
// Y6..Y15 hold the constants, Y0..Y5 the operands.
#define ADAM \
	ARGS \
	SIGNS(Y6) \
	VBROADCAST COEFF(1), Y8 /* WeightDecay */ \
	VBROADCAST COEFF(2), Y7 /* Decay */ \
	VBROADCAST COEFF(3), Y15 /* Beta1 */ \
	VBROADCAST COEFF(4), Y13 /* Beta2 */ \
	VBROADCAST COEFF(5), Y14 /* OneMinusBeta1 */ \
	VBROADCAST COEFF(6), Y12 /* OneMinusBeta2 */ \
	VBROADCAST COEFF(7), Y9 /* NegStepSize */ \
	VBROADCAST COEFF(8), Y11 /* SqrtBC2 */ \
	VBROADCAST COEFF(9), Y10 /* Eps */ \
	VECTORS(ADAM_STEP)

#define ADAM_STEP \
	GRAD(Y6, Y8) \
	VMUL  Y7, Y4, Y4 /* p = p*decay */ \
	MOMENT1 \
	MOMENT2 \
	TESTQ $const_adamAMSGrad, BX \
	JZ    noams \
	VMOVU AT(R11), Y5 \
	MAX(Y5, Y2, Y0, Y3) /* v = max(vmax, v) */ \
	VMOVU Y2, AT(R11) \
noams: \
	VSQRT Y2, Y3 /* sqrt(v) */ \
	VDIV  Y11, Y3, Y3 /* sqrt(v)/sqrt(bc2) */ \
	VADD  Y10, Y3, Y3 /* denom = sqrt(v)/sqrt(bc2) + eps */ \
	VMUL  Y1, Y9, Y5 /* (-stepSize)*m */ \
	VDIV  Y3, Y5, Y5 /* ((-stepSize)*m)/denom */ \
	VADD  Y5, Y4, Y4 /* p = p + ((-stepSize)*m)/denom */ \
	VMOVU Y4, AT(DI)

#define TYPED(f32, f64) f32
TEXT ·adamF32AVX2(SB), NOSPLIT, $0-144
	ADAM
#undef TYPED

#define TYPED(f32, f64) f64
TEXT ·adamF64AVX2(SB), NOSPLIT, $0-144
	ADAM
#undef TYPED
