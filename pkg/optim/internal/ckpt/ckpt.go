// Package ckpt holds the framing and the primitive encodings of descent's
// checkpoints: the layout pkg/optim/checkpoint.md documents, shared by the
// optimizers of package optim and the schedulers of package schedule.
//
// A record is
//
//	magic   7 bytes  "descent"
//	kind    1 byte   'O' optimizer, 'S' scheduler, 'A' averaged model, 'F' checkpoint file
//	version uint16   Version
//	length  uint64   number of body bytes
//	body    length bytes
//	crc     uint32   CRC-32C (Castagnoli) of every byte before it
//
// with every integer little-endian. Inside a body, integers are fixed-width
// little-endian, floats are their IEEE 754 bits (so every value, NaN
// payloads included, round-trips exactly), booleans one byte 0 or 1, and
// strings and byte blocks a uint32 length followed by the bytes. The encoding
// is canonical: a body that decodes re-encodes to the same bytes.
package ckpt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// Version is the format version this package writes and reads.
const Version = 1

// Record kinds.
const (
	KindOptimizer byte = 'O'
	KindScheduler byte = 'S'
	KindAverage   byte = 'A' // package swa's averaged parameters
	KindFile      byte = 'F'
)

const (
	magic      = "descent"
	headerSize = len(magic) + 1 + 2 + 8
	crcSize    = 4
	// Overhead is the size of a record with an empty body.
	Overhead = headerSize + crcSize
)

// ErrCorrupt is wrapped by every error about bytes that are not a
// well-formed record: truncated, corrupted, or not a checkpoint at all.
var ErrCorrupt = errors.New("corrupt checkpoint")

// ErrVersion is wrapped by the error for a record of another format version.
var ErrVersion = errors.New("unsupported checkpoint version")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// KindName names a record kind in messages, with its article.
func KindName(kind byte) string {
	switch kind {
	case KindOptimizer:
		return "an optimizer state"
	case KindScheduler:
		return "a scheduler state"
	case KindAverage:
		return "an averaged model"
	case KindFile:
		return "a checkpoint file"
	}
	return fmt.Sprintf("a record of unknown kind %q", kind)
}

// Seal returns the record of the given kind holding body.
func Seal(kind byte, body []byte) []byte {
	b := make([]byte, 0, Overhead+len(body))
	b = append(b, magic...)
	b = append(b, kind)
	b = binary.LittleEndian.AppendUint16(b, Version)
	b = binary.LittleEndian.AppendUint64(b, uint64(len(body)))
	b = append(b, body...)
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// Open checks the record b and returns its body. It checks, in this order,
// the magic, the length, the checksum, then the version and the kind: a
// truncated or corrupted record is reported as such (ErrCorrupt) before its
// header fields are trusted.
func Open(b []byte, kind byte) ([]byte, error) {
	if len(b) < len(magic) || string(b[:len(magic)]) != magic {
		return nil, fmt.Errorf("%w: not a descent checkpoint (it does not start with %q)", ErrCorrupt, magic)
	}
	if len(b) < Overhead {
		return nil, fmt.Errorf("%w: truncated: %d bytes, a record has at least %d", ErrCorrupt, len(b), Overhead)
	}
	n := binary.LittleEndian.Uint64(b[len(magic)+3:])
	if have := uint64(len(b) - Overhead); n != have {
		if n > have {
			return nil, fmt.Errorf("%w: truncated: the header announces %d bytes of content, %d are present", ErrCorrupt, n, have)
		}
		return nil, fmt.Errorf("%w: %d bytes follow the record's end (the header announces %d bytes of content, %d are present)", ErrCorrupt, have-n, n, have)
	}
	end := len(b) - crcSize
	if got, want := crc32.Checksum(b[:end], castagnoli), binary.LittleEndian.Uint32(b[end:]); got != want {
		return nil, fmt.Errorf("%w: checksum mismatch (CRC-32C %08x, stored %08x): the data is corrupted", ErrCorrupt, got, want)
	}
	if v := binary.LittleEndian.Uint16(b[len(magic)+1:]); v != Version {
		return nil, fmt.Errorf("%w: the record has format version %d, this package reads version %d", ErrVersion, v, Version)
	}
	if k := b[len(magic)]; k != kind {
		return nil, &KindError{Got: k, Want: kind}
	}
	return b[headerSize:end], nil
}

// KindError is the error Open returns for a well-formed record of another kind.
type KindError struct{ Got, Want byte }

func (e *KindError) Error() string {
	return fmt.Sprintf("the data holds %s, not %s", KindName(e.Got), KindName(e.Want))
}
