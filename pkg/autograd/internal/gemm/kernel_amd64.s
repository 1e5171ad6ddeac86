//go:build !purego

#include "textflag.h"

// KERNEL_ARGS loads the arguments shared by the tile kernels,
// (k int, a *float32, rs, cs int, b *float32, ldb int, c *float32, ldc int,
// acc bool): k into CX, a into SI, b into DI, c into DX, acc into R9, and
// the strides in bytes: rs into R11 (3·rs into R12), cs into R13, ldb into
// R14, ldc into R8.
#define KERNEL_ARGS \
	MOVQ    k+0(FP), CX \
	MOVQ    a+8(FP), SI \
	MOVQ    rs+16(FP), R11 \
	MOVQ    cs+24(FP), R13 \
	MOVQ    b+32(FP), DI \
	MOVQ    ldb+40(FP), R14 \
	MOVQ    c+48(FP), DX \
	MOVQ    ldc+56(FP), R8 \
	MOVBQZX acc+64(FP), R9 \
	SHLQ    $2, R11 \
	SHLQ    $2, R13 \
	SHLQ    $2, R14 \
	SHLQ    $2, R8 \
	LEAQ    (R11)(R11*2), R12

// ROW(addr, lo, hi, x) adds the products of one row of the a panel (the
// value at addr, broadcast into x) with the b panel's 16 values in Y8 and
// Y9 to the accumulators lo and hi, multiplying into Y11 and Y12 first:
// lo = lo + a*b, rounded twice, as kernelGo's float32(x*b) then +=.
#define ROW(addr, lo, hi, x) \
	VBROADCASTSS addr, x \
	VMULPS       Y8, x, Y11 \
	VADDPS       Y11, lo, lo \
	VMULPS       Y9, x, Y12 \
	VADDPS       Y12, hi, hi

// func kernelAVX2(k int, a *float32, rs, cs int, b *float32, ldb int, c *float32, ldc int, acc bool)
TEXT ·kernelAVX2(SB), NOSPLIT, $0-65
	KERNEL_ARGS
	LEAQ    (DX)(R8*2), R10      // row 2 of c

	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	TESTQ  CX, CX
	JZ     done

loop:
	VMOVUPS (DI), Y8
	VMOVUPS 32(DI), Y9
	ROW((SI), Y0, Y1, Y10)
	ROW((SI)(R11*1), Y2, Y3, Y13)
	ROW((SI)(R11*2), Y4, Y5, Y14)
	ROW((SI)(R12*1), Y6, Y7, Y15)
	ADDQ    R13, SI
	ADDQ    R14, DI
	DECQ    CX
	JNZ     loop

done:
	TESTQ R9, R9
	JNZ   accumulate
	VMOVUPS Y0, (DX)
	VMOVUPS Y1, 32(DX)
	VMOVUPS Y2, (DX)(R8*1)
	VMOVUPS Y3, 32(DX)(R8*1)
	VMOVUPS Y4, (R10)
	VMOVUPS Y5, 32(R10)
	VMOVUPS Y6, (R10)(R8*1)
	VMOVUPS Y7, 32(R10)(R8*1)
	VZEROUPPER
	RET

accumulate:
	VMOVUPS (DX), Y8
	VADDPS  Y0, Y8, Y0
	VMOVUPS Y0, (DX)
	VMOVUPS 32(DX), Y9
	VADDPS  Y1, Y9, Y1
	VMOVUPS Y1, 32(DX)
	VMOVUPS (DX)(R8*1), Y8
	VADDPS  Y2, Y8, Y2
	VMOVUPS Y2, (DX)(R8*1)
	VMOVUPS 32(DX)(R8*1), Y9
	VADDPS  Y3, Y9, Y3
	VMOVUPS Y3, 32(DX)(R8*1)
	VMOVUPS (R10), Y8
	VADDPS  Y4, Y8, Y4
	VMOVUPS Y4, (R10)
	VMOVUPS 32(R10), Y9
	VADDPS  Y5, Y9, Y5
	VMOVUPS Y5, 32(R10)
	VMOVUPS (R10)(R8*1), Y8
	VADDPS  Y6, Y8, Y6
	VMOVUPS Y6, (R10)(R8*1)
	VMOVUPS 32(R10)(R8*1), Y9
	VADDPS  Y7, Y9, Y7
	VMOVUPS Y7, 32(R10)(R8*1)
	VZEROUPPER
	RET

// ROW512(addr, acc, x, tmp) is ROW for one 16-lane register: acc = acc +
// a*b with the b panel's 16 values in Z8.
#define ROW512(addr, acc, x, tmp) \
	VBROADCASTSS addr, x \
	VMULPS       Z8, x, tmp \
	VADDPS       tmp, acc, acc

// ACC512(z, t, addr) adds the 16 values at addr to the sums in z (c + sum,
// kernelGo's operand order) and stores them there; STORE512 only stores.
#define ACC512(z, t, addr) \
	VMOVUPS addr, t \
	VADDPS  z, t, z \
	VMOVUPS z, addr
#define STORE512(z, t, addr) VMOVUPS z, addr

// TILE512(OUT) writes the 8 rows of sums with OUT (ACC512 or STORE512);
// DX and R10 point at rows 0 and 4 of c, R8 holds ldc and R12 3·ldc bytes.
#define TILE512(OUT) \
	OUT(Z0, Z8, (DX)) \
	OUT(Z1, Z9, (DX)(R8*1)) \
	OUT(Z2, Z8, (DX)(R8*2)) \
	OUT(Z3, Z9, (DX)(R12*1)) \
	OUT(Z4, Z8, (R10)) \
	OUT(Z5, Z9, (R10)(R8*1)) \
	OUT(Z6, Z8, (R10)(R8*2)) \
	OUT(Z7, Z9, (R10)(R12*1))

// func kernelAVX512(k int, a *float32, rs, cs int, b *float32, ldb int, c *float32, ldc int, acc bool)
TEXT ·kernelAVX512(SB), NOSPLIT, $0-65
	KERNEL_ARGS
	LEAQ    (R11)(R11*4), AX  // 5 rows
	LEAQ    (R12)(R11*4), BX  // 7 rows

	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	TESTQ  CX, CX
	JZ     done512

loop512:
	VMOVUPS (DI), Z8
	ROW512((SI), Z0, Z10, Z18)
	ROW512((SI)(R11*1), Z1, Z11, Z19)
	ROW512((SI)(R11*2), Z2, Z12, Z20)
	ROW512((SI)(R12*1), Z3, Z13, Z21)
	ROW512((SI)(R11*4), Z4, Z14, Z22)
	ROW512((SI)(AX*1), Z5, Z15, Z23)
	ROW512((SI)(R12*2), Z6, Z16, Z24)
	ROW512((SI)(BX*1), Z7, Z17, Z25)
	ADDQ    R13, SI
	ADDQ    R14, DI
	DECQ    CX
	JNZ     loop512

done512:
	LEAQ  (R8)(R8*2), R12 // 3 rows of c
	LEAQ  (DX)(R8*4), R10 // row 4 of c
	TESTQ R9, R9
	JZ    store512
	TILE512(ACC512)
	VZEROUPPER
	RET

store512:
	TILE512(STORE512)
	VZEROUPPER
	RET

// func transposeAVX2(k int, src *float32, ld int, dst *float32)
//
// For p in [0, k/8·8) and v in [0, 16): dst[p*16 + v] = src[v*ld + p]: the
// first k/8·8 rows of a packed panel of 16 columns from 16 rows of b, ld
// elements apart, in blocks of 8×8 transposed in registers.
TEXT ·transposeAVX2(SB), NOSPLIT, $0-32
	MOVQ k+0(FP), CX
	MOVQ src+8(FP), SI
	MOVQ ld+16(FP), R8
	MOVQ dst+24(FP), DI
	SHLQ $2, R8           // ld in bytes
	LEAQ (R8)(R8*2), R9   // 3 rows
	LEAQ (R8)(R8*4), R10  // 5 rows
	LEAQ (R9)(R8*4), R11  // 7 rows
	SHRQ $3, CX           // blocks of 8 steps
	JZ   tdone

tloop:
	// Rows v = 0..7, then 8..15, of 8 steps each.
	MOVQ SI, AX
	MOVQ DI, BX
	MOVQ $2, DX

thalf:
	VMOVUPS (AX), Y0
	VMOVUPS (AX)(R8*1), Y1
	VMOVUPS (AX)(R8*2), Y2
	VMOVUPS (AX)(R9*1), Y3
	VMOVUPS (AX)(R8*4), Y4
	VMOVUPS (AX)(R10*1), Y5
	VMOVUPS (AX)(R9*2), Y6
	VMOVUPS (AX)(R11*1), Y7
	VUNPCKLPS Y1, Y0, Y8  // r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5]
	VUNPCKHPS Y1, Y0, Y9  // r0[2] r1[2] r0[3] r1[3] | ...
	VUNPCKLPS Y3, Y2, Y10
	VUNPCKHPS Y3, Y2, Y11
	VUNPCKLPS Y5, Y4, Y12
	VUNPCKHPS Y5, Y4, Y13
	VUNPCKLPS Y7, Y6, Y14
	VUNPCKHPS Y7, Y6, Y15
	VSHUFPS $0x44, Y10, Y8, Y0  // r0[0] r1[0] r2[0] r3[0] | r0[4] … r3[4]
	VSHUFPS $0xEE, Y10, Y8, Y1  // column 1 | 5
	VSHUFPS $0x44, Y11, Y9, Y2  // column 2 | 6
	VSHUFPS $0xEE, Y11, Y9, Y3  // column 3 | 7
	VSHUFPS $0x44, Y14, Y12, Y4 // r4..r7, column 0 | 4
	VSHUFPS $0xEE, Y14, Y12, Y5
	VSHUFPS $0x44, Y15, Y13, Y6
	VSHUFPS $0xEE, Y15, Y13, Y7
	VPERM2F128 $0x20, Y4, Y0, Y8  // column 0: r0..r7
	VPERM2F128 $0x20, Y5, Y1, Y9  // column 1
	VPERM2F128 $0x20, Y6, Y2, Y10 // column 2
	VPERM2F128 $0x20, Y7, Y3, Y11 // column 3
	VPERM2F128 $0x31, Y4, Y0, Y12 // column 4
	VPERM2F128 $0x31, Y5, Y1, Y13 // column 5
	VPERM2F128 $0x31, Y6, Y2, Y14 // column 6
	VPERM2F128 $0x31, Y7, Y3, Y15 // column 7
	VMOVUPS Y8, (BX)
	VMOVUPS Y9, 64(BX)
	VMOVUPS Y10, 128(BX)
	VMOVUPS Y11, 192(BX)
	VMOVUPS Y12, 256(BX)
	VMOVUPS Y13, 320(BX)
	VMOVUPS Y14, 384(BX)
	VMOVUPS Y15, 448(BX)
	LEAQ (AX)(R8*8), AX   // rows 8..15
	ADDQ $32, BX          // columns 8..15 of the panel
	DECQ DX
	JNZ  thalf

	ADDQ $32, SI          // the next 8 steps
	ADDQ $512, DI         // 8 panel rows of 16
	DECQ CX
	JNZ  tloop

tdone:
	VZEROUPPER
	RET
