package site

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// figureLike is a flat background with lines in a few colours, anti-aliased into many more.
func figureLike(t *testing.T) ([]byte, *image.NRGBA) {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 320, 200))
	for y := 0; y < 200; y++ {
		for x := 0; x < 320; x++ {
			c := color.NRGBA{255, 255, 255, 255}
			switch {
			case y == x/2:
				c = color.NRGBA{0, 114, 178, 255}
			case y == x/2+1: // anti-aliasing: 320 shades along the edge
				c = color.NRGBA{uint8(x % 256), 180, 220, 255}
			case x%40 == 0:
				c = color.NRGBA{200, 200, 200, 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.NoCompression}).Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), img
}

func TestCompactPNG(t *testing.T) {
	src, orig := figureLike(t)
	small, err := compactPNG(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(small) >= len(src)/2 {
		t.Errorf("%d bytes from %d: not compact", len(small), len(src))
	}
	img, err := png.Decode(bytes.NewReader(small))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != orig.Bounds() {
		t.Fatalf("bounds %v, want %v", img.Bounds(), orig.Bounds())
	}
	exact, off := 0, 0
	for y := 0; y < 200; y++ {
		for x := 0; x < 320; x++ {
			want := orig.NRGBAAt(x, y)
			got := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if got == want {
				exact++
				continue
			}
			off++
			// a colour outside the palette is drawn with a near one
			if d := int(got.R) - int(want.R); d < -8 || d > 8 || got.G != want.G || got.B != want.B {
				t.Fatalf("(%d, %d): %v drawn as %v", x, y, want, got)
			}
		}
	}
	if off == 0 || off > 320 {
		t.Errorf("%d pixels changed: the test image has 320+3 colours, so some (and only edge pixels) must be", off)
	}
	// The background and the main lines are exact.
	if c := color.NRGBAModel.Convert(img.At(10, 5)).(color.NRGBA); c != (color.NRGBA{0, 114, 178, 255}) {
		t.Errorf("line colour %v", c)
	}
}

func TestCompactPNGKeepsWhatDoesNotShrink(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 2, 2))
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	got, err := compactPNG(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, buf.Bytes()) {
		t.Error("a PNG that would grow was re-encoded")
	}
	if _, err := compactPNG([]byte("not a png")); err == nil {
		t.Error("no error for bytes that are not a PNG")
	}
}
