//go:build !(arm64 || ppc64 || ppc64le || s390x || riscv64 || loong64 || amd64.v3)

package testfunc

// mayFuse is true in builds where Go's compiler may fuse a multiply and an
// add into one instruction.
const mayFuse = false
