package site

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"sort"

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

// compactPNG re-encodes a figure with a palette of its 256 most frequent colours, each other
// colour drawn with its nearest one. The lessons' figures are flat colours and their anti-aliased
// edges: they keep their look at about a third of the bytes. A PNG that does not get smaller is
// returned as it was.
func compactPNG(src []byte) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(src))
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	rgba := image.NewNRGBA(b)
	draw.Draw(rgba, b, img, b.Min, draw.Src)
	count := map[color.NRGBA]int{}
	for i := 0; i < len(rgba.Pix); i += 4 {
		p := rgba.Pix[i : i+4 : i+4]
		count[color.NRGBA{p[0], p[1], p[2], p[3]}]++
	}
	colors := make([]color.NRGBA, 0, len(count))
	for c := range count {
		colors = append(colors, c)
	}
	sort.Slice(colors, func(i, j int) bool { // most frequent first; ties in a fixed order
		ci, cj := colors[i], colors[j]
		if count[ci] != count[cj] {
			return count[ci] > count[cj]
		}
		return uint32(ci.R)<<24|uint32(ci.G)<<16|uint32(ci.B)<<8|uint32(ci.A) < uint32(cj.R)<<24|uint32(cj.G)<<16|uint32(cj.B)<<8|uint32(cj.A)
	})
	pal := make(color.Palette, 0, 256)
	for i := 0; i < len(colors) && i < 256; i++ {
		pal = append(pal, colors[i])
	}
	out := image.NewPaletted(b, pal)
	index := make(map[color.NRGBA]uint8, len(colors))
	for i, j := 0, 0; i < len(rgba.Pix); i, j = i+4, j+1 {
		p := rgba.Pix[i : i+4 : i+4]
		c := color.NRGBA{p[0], p[1], p[2], p[3]}
		k, ok := index[c]
		if !ok {
			k = uint8(pal.Index(c))
			index[c] = k
		}
		out.Pix[j] = k
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, out); err != nil {
		return nil, err
	}
	if buf.Len() >= len(src) {
		return src, nil
	}
	return buf.Bytes(), nil
}
