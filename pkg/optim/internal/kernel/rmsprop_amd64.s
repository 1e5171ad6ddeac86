//go:build !purego

#include "kernel_amd64.h"

// RMSPROP is rmspropF32AVX2 and rmspropF64AVX2. Registers: R9 sq, R10 ga,
// R11 buf; Y6 and Y10..Y15 hold the constants, Y0..Y5 the operands.
#define RMSPROP \
	ARGS \
	SIGNS(Y6) \
	VBROADCAST COEFF(1), Y11 /* WeightDecay */ \
	VBROADCAST COEFF(2), Y12 /* NegLR */ \
	VBROADCAST COEFF(3), Y15 /* Alpha */ \
	VBROADCAST COEFF(4), Y14 /* OneMinusAlpha */ \
	VBROADCAST COEFF(5), Y13 /* Eps */ \
	VBROADCAST COEFF(6), Y10 /* Momentum */ \
	VECTORS(RMSPROP_STEP)

#define RMSPROP_STEP \
	GRAD(Y6, Y11) \
	VMUL  AT(R9), Y15, Y1 /* sq*alpha */ \
	VMUL  Y0, Y14, Y3 /* (1-alpha)*g */ \
	VMUL  Y0, Y3, Y3 /* ((1-alpha)*g)*g */ \
	VADD  Y3, Y1, Y1 /* sq = sq*alpha + ((1-alpha)*g)*g */ \
	VMOVU Y1, AT(R9) \
	TESTQ $const_rmspropCentered, BX \
	JZ    uncentered \
	VMUL  AT(R10), Y15, Y2 /* ga*alpha */ \
	VMUL  Y0, Y14, Y3 /* (1-alpha)*g */ \
	VADD  Y3, Y2, Y2 /* ga = ga*alpha + (1-alpha)*g */ \
	VMOVU Y2, AT(R10) \
	VMUL  Y2, Y2, Y3 /* ga*ga */ \
	VSUB  Y3, Y1, Y1 /* sq - ga*ga */ \
uncentered: \
	VSQRT Y1, Y1 /* sqrt */ \
	VADD  Y13, Y1, Y1 /* avg = sqrt(...) + eps */ \
	TESTQ $const_rmspropMomentum, BX \
	JZ    nomom \
	VDIV  Y1, Y0, Y3 /* g/avg */ \
	VMUL  AT(R11), Y10, Y5 /* buf*momentum */ \
	VADD  Y3, Y5, Y5 /* buf = buf*momentum + g/avg */ \
	VMOVU Y5, AT(R11) \
	VMUL  Y5, Y12, Y3 /* (-lr)*buf */ \
	VADD  Y3, Y4, Y4 /* p = p + (-lr)*buf */ \
	JMP   store \
nomom: \
	VMUL  Y0, Y12, Y3 /* (-lr)*g */ \
	VDIV  Y1, Y3, Y3 /* ((-lr)*g)/avg */ \
	VADD  Y3, Y4, Y4 /* p = p + ((-lr)*g)/avg */ \
store: \
	VMOVU Y4, AT(DI)

#define TYPED(f32, f64) f32
TEXT ·rmspropF32AVX2(SB), NOSPLIT, $0-144
	RMSPROP
#undef TYPED

#define TYPED(f32, f64) f64
TEXT ·rmspropF64AVX2(SB), NOSPLIT, $0-144
	RMSPROP
#undef TYPED
