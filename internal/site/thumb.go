package site

import (
	"bytes"
	"image"
	"image/png"

	"golang.org/x/image/draw"
)

// thumbAspect is a PNG's width over its height (0 if it cannot be read).
func thumbAspect(src []byte) float64 {
	c, err := png.DecodeConfig(bytes.NewReader(src))
	if err != nil || c.Height == 0 {
		return 0
	}
	return float64(c.Width) / float64(c.Height)
}

// thumbnail scales a PNG down to width pixels (keeping its aspect), as a compact PNG.
func thumbnail(src []byte, width int) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(src))
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	if b.Dx() <= width {
		return src, nil
	}
	h := b.Dy() * width / b.Dx()
	dst := image.NewRGBA(image.Rect(0, 0, width, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	var out bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&out, dst); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
