//go:build !purego

#include "kernel_amd64.h"

// 1 as float32 and as float64, for 1/(sqrt(v) + eps).
DATA one32<>+0(SB)/4, $0x3f800000
GLOBL one32<>(SB), RODATA|NOPTR, $4
DATA one64<>+0(SB)/8, $0x3ff0000000000000
GLOBL one64<>(SB), RODATA|NOPTR, $8

// RADAM is radamF32AVX2 and radamF64AVX2. Registers: R9 m, R10 v; Y5..Y15
// hold the constants, Y0..Y4 the operands.
#define RADAM \
	ARGS \
	SIGNS(Y5) \
	VBROADCAST COEFF(1), Y6 /* WeightDecay */ \
	VBROADCAST COEFF(2), Y15 /* Beta1 */ \
	VBROADCAST COEFF(3), Y13 /* Beta2 */ \
	VBROADCAST COEFF(4), Y14 /* OneMinusBeta1 */ \
	VBROADCAST COEFF(5), Y12 /* OneMinusBeta2 */ \
	VBROADCAST COEFF(6), Y11 /* BC1 */ \
	VBROADCAST COEFF(7), Y10 /* LR */ \
	VBROADCAST COEFF(9), Y9 /* SqrtBC2; field 8 is Rectified */ \
	VBROADCAST COEFF(10), Y8 /* Rect */ \
	VBROADCAST COEFF(11), Y7 /* Eps */ \
	VECTORS(RADAM_STEP)

#define RADAM_STEP \
	GRAD(Y5, Y6) \
	MOMENT1 \
	MOMENT2 \
	VDIV  Y11, Y1, Y3 /* m/bc1 */ \
	VMUL  Y10, Y3, Y3 /* step = (m/bc1)*lr */ \
	TESTQ $const_radamRectified, BX \
	JZ    unrect \
	VSQRT Y2, Y2 /* sqrt(v) */ \
	VADD  Y7, Y2, Y2 /* sqrt(v) + eps */ \
	VBROADCAST TYPED(one32<>(SB), one64<>(SB)), Y0 \
	VDIV  Y2, Y0, Y2 /* 1/(sqrt(v) + eps) */ \
	VMUL  Y9, Y2, Y2 /* adaptive = (1/(sqrt(v) + eps))*sqrt(bc2) */ \
	VMUL  Y2, Y3, Y3 /* step*adaptive */ \
	VMUL  Y8, Y3, Y3 /* step = (step*adaptive)*rect */ \
unrect: \
	VSUB  Y3, Y4, Y4 /* p = p - step */ \
	VMOVU Y4, AT(DI)

#define TYPED(f32, f64) f32
TEXT ·radamF32AVX2(SB), NOSPLIT, $0-144
	RADAM
#undef TYPED

#define TYPED(f32, f64) f64
TEXT ·radamF64AVX2(SB), NOSPLIT, $0-144
	RADAM
#undef TYPED
