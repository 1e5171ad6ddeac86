package ckpt

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestSealOpen(t *testing.T) {
	body := []byte("some body")
	rec := Seal(KindScheduler, body)
	if len(rec) != Overhead+len(body) || string(rec[:7]) != "descent" || rec[7] != 'S' {
		t.Fatalf("record % x", rec)
	}
	got, err := Open(rec, KindScheduler)
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("Open = %q, %v", got, err)
	}
	var ke *KindError
	if _, err := Open(rec, KindOptimizer); !errors.As(err, &ke) || err.Error() != "the data holds a scheduler state, not an optimizer state" {
		t.Errorf("other kind: %v", err)
	}
	for _, c := range []struct {
		data []byte
		want string
	}{
		{nil, `not a descent checkpoint (it does not start with "descent")`},
		{[]byte("PK\x03\x04 a zip file"), "not a descent checkpoint"},
		{rec[:Overhead-1], "truncated: 21 bytes, a record has at least 22"},
		{rec[:len(rec)-1], "truncated: the header announces 9 bytes of content, 8 are present"},
		{append(bytes.Clone(rec), 0, 0), "2 bytes follow the record's end"},
		{func() []byte { b := bytes.Clone(rec); b[20]++; return b }(), "checksum mismatch"},
	} {
		if _, err := Open(c.data, KindScheduler); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Open(% x): error %v, want ErrCorrupt with %q", c.data, err, c.want)
		}
	}
}

// TestCodecRoundTrip checks that every primitive, NaN payloads included,
// decodes to what was encoded and that the decoder consumes it exactly.
func TestCodecRoundTrip(t *testing.T) {
	nan32 := math.Float32frombits(0x7fa00001) // a signaling NaN with a payload
	nan64 := math.Float64frombits(0x7ff4000000000001)
	var e Encoder
	e.Uint8(7)
	e.Uint32(1 << 31)
	e.Int64(-5)
	e.Float64(nan64)
	e.Bool(true)
	e.String("exp_avg")
	e.Block([]byte{1, 2, 3})
	Floats(&e, []float32{1.5, nan32, float32(math.Copysign(0, -1))})
	Floats(&e, []float64{nan64, -2})
	d := NewDecoder(e.Bytes())
	if d.Uint8() != 7 || d.Uint32() != 1<<31 || d.Int64() != -5 || math.Float64bits(d.Float64()) != math.Float64bits(nan64) ||
		!d.Bool() || d.String() != "exp_avg" || !bytes.Equal(d.Block(), []byte{1, 2, 3}) {
		t.Fatal("a primitive did not round-trip")
	}
	f32 := ReadFloats[float32](d, 3)
	if math.Float32bits(f32[1]) != 0x7fa00001 || !math.Signbit(float64(f32[2])) || f32[0] != 1.5 {
		t.Errorf("float32 values %v (bits %x)", f32, math.Float32bits(f32[1]))
	}
	f64 := ReadFloats[float64](d, 2)
	if math.Float64bits(f64[0]) != math.Float64bits(nan64) || f64[1] != -2 {
		t.Errorf("float64 values %v", f64)
	}
	if err := d.Finish(); err != nil {
		t.Error(err)
	}
}

// TestDecoderErrors checks that malformed content is an ErrCorrupt error
// that sticks, and that a huge count never allocates.
func TestDecoderErrors(t *testing.T) {
	d := NewDecoder([]byte{2})
	if d.Bool(); !errors.Is(d.Err(), ErrCorrupt) || !strings.Contains(d.Err().Error(), "a boolean byte is 2") {
		t.Errorf("bool 2: %v", d.Err())
	}
	huge := NewDecoder([]byte{0xff, 0xff, 0xff, 0xff, 1, 2})
	if n := huge.Len(8); n != 0 || !strings.Contains(huge.Err().Error(), "a count of 4294967295 items of at least 8 bytes exceeds the 2 bytes left") {
		t.Errorf("huge count: %d, %v", n, huge.Err())
	}
	if v := ReadFloats[float64](NewDecoder(make([]byte, 15)), 2); v != nil {
		t.Errorf("ReadFloats past the end = %v", v)
	}
	block := NewDecoder([]byte{9, 0, 0, 0, 0, 0, 0, 0, 1})
	if b := block.Block(); b != nil || block.Err() == nil {
		t.Errorf("block past the end = %v, %v", b, block.Err())
	}
	left := NewDecoder([]byte{1, 2})
	left.Uint8()
	if err := left.Finish(); err == nil || !strings.Contains(err.Error(), "1 bytes left over") {
		t.Errorf("left over: %v", err)
	}
	exp := NewDecoder(append([]byte{1, 0, 0, 0}, 'x'))
	if exp.Expect("name", "y"); exp.Err() == nil || !strings.Contains(exp.Err().Error(), `name is "x", want "y"`) {
		t.Errorf("Expect: %v", exp.Err())
	}
}
