// What the optimizers' AVX2 kernels (adam_amd64.s, ...) share.
//
// A kernel file writes its update once, as a macro over the type-neutral
// names below (VMUL, VADD, ...), and assembles it for float32 and for
// float64 by defining TYPED, which picks one of its two arguments, around
// each TEXT block:
//
//	#define TYPED(f32, f64) f32
//	TEXT ·adamF32AVX2(SB), NOSPLIT, $0-136
//		ADAM
//	#undef TYPED
//
// Every kernel has the Go signature of ARGS (below) and updates the elements
// that fill whole 32-byte vectors; the Go caller (avx2, in vector.go) runs
// the reference loop on the rest. It keeps p's base in DI, p's length
// in CX, g's base in R8, the state slices' bases in R9, R10, R11, the
// coefficients' address in AX, the flags in BX and the element index in SI;
// each vector step reads g into Y0 and p into Y4 and may use Y3 freely.
// Operands are in Go's order: VSUB Y3, Y4, Y4 is Y4 = Y4 - Y3.

#include "textflag.h"
#include "go_asm.h"

// Element-wise operations on a vector of the element type.
#define VADD TYPED(VADDPS, VADDPD)
#define VSUB TYPED(VSUBPS, VSUBPD)
#define VMUL TYPED(VMULPS, VMULPD)
#define VDIV TYPED(VDIVPS, VDIVPD)
#define VSQRT TYPED(VSQRTPS, VSQRTPD)
#define VMOVU TYPED(VMOVUPS, VMOVUPD)
#define VAND TYPED(VANDPS, VANDPD)
#define VOR TYPED(VORPS, VORPD)
#define VXOR TYPED(VXORPS, VXORPD)
#define VCMP TYPED(VCMPPS, VCMPPD)
#define VBLENDV TYPED(VBLENDVPS, VBLENDVPD)
#define VBROADCAST TYPED(VBROADCASTSS, VBROADCASTSD)

// LANES is the number of elements in a vector.
#define LANES TYPED(8, 4)

// AT(base) is the vector of elements at index SI of the slice at base.
#define AT(base) (base)(SI*TYPED(4, 8))

// COEFF(i) is field i of the coefficients at AX. Every field of an XCoeffs
// takes one element's room (Maximize and WeightDecay are fields 0 and 1),
// as TestCoeffsLayout checks.
#define COEFF(i) (i*TYPED(4, 8))(AX)

// SIGNS sets every element of y to -0: the sign bit alone.
#define SIGNS(y) VPCMPEQD y, y, y; TYPED(VPSLLD $31, VPSLLQ $63), y, y

// MAGNITUDES sets every element of y to all bits but the sign bit.
#define MAGNITUDES(y) VPCMPEQD y, y, y; TYPED(VPSRLD $1, VPSRLQ $1), y, y

// ARGS loads the arguments, which every kernel takes alike (asm_amd64.go):
//
//	func xF32AVX2(p, g, s2, s3, s4 []float32, n int, c unsafe.Pointer, flags uint64)
//
// the state slices an update has not are nil, n is the number of elements to
// update (a multiple of LANES) and c points to the XCoeffs struct.
#define ARGS \
	MOVQ p_base+0(FP), DI \
	MOVQ g_base+24(FP), R8 \
	MOVQ s2_base+48(FP), R9 \
	MOVQ s3_base+72(FP), R10 \
	MOVQ s4_base+96(FP), R11 \
	MOVQ n+120(FP), CX \
	MOVQ c+128(FP), AX \
	MOVQ flags+136(FP), BX

// GRAD(sign, wd) reads g into Y0 and p into Y4 and turns g into the
// gradient the update uses, as Grad.of: g = -g with flagMaximize (sign holds
// SIGNS), then g = g + wd*p with flagL2. It uses Y3.
#define GRAD(sign, wd) \
	VMOVU AT(R8), Y0 \
	VMOVU AT(DI), Y4 \
	TESTQ $const_flagMaximize, BX \
	JZ    nomax \
	VXOR  sign, Y0, Y0 \
nomax: \
	TESTQ $const_flagL2, BX \
	JZ    nol2 \
	VMUL  Y4, wd, Y3 \
	VADD  Y3, Y0, Y0 \
nol2:

// MOMENT1 and MOMENT2 are the moment updates of the Adam family, from g in
// Y0 and with Beta1, 1-Beta1, Beta2, 1-Beta2 in Y15, Y14, Y13, Y12. MOMENT1
// sets m (at R9) and Y1 to m*b1 + (1-b1)*g; MOMENT2 sets v (at R10) and Y2
// to v*b2 + ((1-b2)*g)*g. They use Y3.
#define MOMENT1 \
	VMUL  AT(R9), Y15, Y1 /* m*b1 */ \
	VMUL  Y0, Y14, Y3 /* (1-b1)*g */ \
	VADD  Y3, Y1, Y1 /* m = m*b1 + (1-b1)*g */ \
	VMOVU Y1, AT(R9)
#define MOMENT2 \
	VMUL  AT(R10), Y13, Y2 /* v*b2 */ \
	VMUL  Y0, Y12, Y3 /* (1-b2)*g */ \
	VMUL  Y0, Y3, Y3 /* ((1-b2)*g)*g */ \
	VADD  Y3, Y2, Y2 /* v = v*b2 + ((1-b2)*g)*g */ \
	VMOVU Y2, AT(R10)

// MAX(x, y, t, u) sets y = max(x, y) as Go's max: NaN if either is NaN, +0
// for max(-0, +0). It uses t and u and leaves x unspecified.
#define MAX(x, y, t, u) \
	VCMP    $3, y, y, t /* y is NaN */ \
	VCMP    $0x11, y, x, u /* x < y */ \
	VOR     u, t, t /* take y */ \
	VBLENDV t, y, x, t /* t = take y ? y : x */ \
	VCMP    $0, y, x, u /* x == y: equal, or zeros of either sign */ \
	VAND    y, x, x /* x & y: +0 unless both are -0 */ \
	VBLENDV u, x, t, y /* y = x == y ? x&y : t */

// VECTORS(step) runs step for SI = 0, LANES, 2*LANES, ... while a whole
// vector remains of the CX elements, and returns.
#define VECTORS(step) \
	XORQ SI, SI \
	ANDQ $-LANES, CX \
	JZ   done \
loop: \
	step \
	ADDQ $LANES, SI \
	CMPQ SI, CX \
	JLT  loop \
done: \
	VZEROUPPER \
	RET
