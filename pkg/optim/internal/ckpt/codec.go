package ckpt

import (
	"encoding/binary"
	"fmt"
	"math"
)

// Float is the set of element types whose values the encoder writes.
type Float interface {
	~float32 | ~float64
}

// Encoder appends primitive values to a body.
type Encoder struct{ b []byte }

// Bytes returns the encoded body.
func (e *Encoder) Bytes() []byte { return e.b }

// Uint8 appends one byte.
func (e *Encoder) Uint8(v uint8) { e.b = append(e.b, v) }

// Uint32 appends v, little-endian.
func (e *Encoder) Uint32(v uint32) { e.b = binary.LittleEndian.AppendUint32(e.b, v) }

// Int64 appends v, little-endian two's complement.
func (e *Encoder) Int64(v int64) { e.b = binary.LittleEndian.AppendUint64(e.b, uint64(v)) }

// Float64 appends the bits of v.
func (e *Encoder) Float64(v float64) {
	e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(v))
}

// Bool appends 1 for true, 0 for false.
func (e *Encoder) Bool(v bool) {
	if v {
		e.Uint8(1)
	} else {
		e.Uint8(0)
	}
}

// Len appends a length or count as a uint32. It panics above math.MaxUint32,
// which no caller reaches (Block bounds its blocks first).
func (e *Encoder) Len(n int) {
	if n < 0 || uint64(n) > math.MaxUint32 {
		panic(fmt.Sprintf("ckpt: length %d does not fit a uint32", n))
	}
	e.Uint32(uint32(n))
}

// String appends s as its length and bytes.
func (e *Encoder) String(s string) {
	e.Len(len(s))
	e.b = append(e.b, s...)
}

// Block appends a byte block as its length (uint64) and bytes.
func (e *Encoder) Block(b []byte) {
	e.b = binary.LittleEndian.AppendUint64(e.b, uint64(len(b)))
	e.b = append(e.b, b...)
}

// Floats appends the bits of every element of v: 4 bytes each for float32,
// 8 for float64. The length is not written.
func Floats[T Float](e *Encoder, v []T) {
	switch x := any(v).(type) {
	case []float32:
		for _, f := range x {
			e.b = binary.LittleEndian.AppendUint32(e.b, math.Float32bits(f))
		}
	case []float64:
		for _, f := range x {
			e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(f))
		}
	default: // a named type with underlying float32 or float64
		for _, f := range v {
			if sizeOf[T]() == 4 {
				e.b = binary.LittleEndian.AppendUint32(e.b, math.Float32bits(float32(f)))
			} else {
				e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(float64(f)))
			}
		}
	}
}

// sizeOf returns the size in bytes of T's values: 4 or 8.
func sizeOf[T Float]() int {
	var probe T = 1 + 0x1p-30 // exact in float64, rounds to 1 in float32
	if probe == 1 {
		return 4
	}
	return 8
}

// Decoder reads primitive values from a body. The first error sticks: every
// later read returns zero values, and Err reports it.
type Decoder struct {
	b   []byte
	off int
	err error
}

// NewDecoder returns a decoder reading b.
func NewDecoder(b []byte) *Decoder { return &Decoder{b: b} }

// Err returns the first error, or nil.
func (d *Decoder) Err() error { return d.err }

// Fail records err (if no error came before) and returns the first error.
func (d *Decoder) Fail(format string, args ...any) error {
	if d.err == nil {
		d.err = fmt.Errorf("%w: at byte %d of the content: %s", ErrCorrupt, d.off, fmt.Sprintf(format, args...))
	}
	return d.err
}

// Remaining returns the number of bytes not read yet.
func (d *Decoder) Remaining() int { return len(d.b) - d.off }

// Finish returns the first error, or an error if bytes are left over.
func (d *Decoder) Finish() error {
	if d.err == nil && d.off != len(d.b) {
		d.Fail("%d bytes left over after the content", len(d.b)-d.off)
	}
	return d.err
}

func (d *Decoder) take(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.b)-d.off {
		d.Fail("need %d bytes, %d remain", n, len(d.b)-d.off)
		return nil
	}
	s := d.b[d.off : d.off+n]
	d.off += n
	return s
}

// Uint8 reads one byte.
func (d *Decoder) Uint8() uint8 {
	if s := d.take(1); s != nil {
		return s[0]
	}
	return 0
}

// Uint32 reads a little-endian uint32.
func (d *Decoder) Uint32() uint32 {
	if s := d.take(4); s != nil {
		return binary.LittleEndian.Uint32(s)
	}
	return 0
}

// Int64 reads a little-endian int64.
func (d *Decoder) Int64() int64 {
	if s := d.take(8); s != nil {
		return int64(binary.LittleEndian.Uint64(s))
	}
	return 0
}

// Float64 reads the bits of a float64.
func (d *Decoder) Float64() float64 {
	if s := d.take(8); s != nil {
		return math.Float64frombits(binary.LittleEndian.Uint64(s))
	}
	return 0
}

// Bool reads a byte that must be 0 or 1.
func (d *Decoder) Bool() bool {
	switch v := d.Uint8(); v {
	case 0:
		return false
	case 1:
		return true
	default:
		d.Fail("a boolean byte is %d, want 0 or 1", v)
		return false
	}
}

// Len reads a uint32 length or count of items of at least minSize bytes
// each, and checks that that many items can fit in the remaining bytes, so
// that a corrupted count never causes a large allocation.
func (d *Decoder) Len(minSize int) int {
	n := int(d.Uint32())
	if d.err == nil && minSize > 0 && n > d.Remaining()/minSize {
		d.Fail("a count of %d items of at least %d bytes exceeds the %d bytes left", n, minSize, d.Remaining())
		return 0
	}
	return n
}

// String reads a length and that many bytes.
func (d *Decoder) String() string { return string(d.take(d.Len(1))) }

// Block reads a byte block written by Encoder.Block. The result aliases the
// decoder's input.
func (d *Decoder) Block() []byte {
	s := d.take(8)
	if s == nil {
		return nil
	}
	n := binary.LittleEndian.Uint64(s)
	if n > uint64(d.Remaining()) {
		d.Fail("a block of %d bytes exceeds the %d bytes left", n, d.Remaining())
		return nil
	}
	return d.take(int(n))
}

// Expect reads a string and records an error unless it equals want; what
// names the field in the message.
func (d *Decoder) Expect(what, want string) {
	if got := d.String(); d.err == nil && got != want {
		d.Fail("%s is %q, want %q", what, got, want)
	}
}

// ReadFloats reads n values of T written by Floats into a new slice.
func ReadFloats[T Float](d *Decoder, n int) []T {
	size := sizeOf[T]()
	if d.err == nil && n > d.Remaining()/size {
		d.Fail("%d values of %d bytes exceed the %d bytes left", n, size, d.Remaining())
	}
	s := d.take(n * size)
	if s == nil {
		return nil
	}
	v := make([]T, n)
	for i := range v {
		if size == 4 {
			v[i] = T(math.Float32frombits(binary.LittleEndian.Uint32(s[4*i:])))
		} else {
			v[i] = T(math.Float64frombits(binary.LittleEndian.Uint64(s[8*i:])))
		}
	}
	return v
}
