package reference

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// EnvDir is the environment variable that overrides where [Dir] looks.
const EnvDir = "DESCENT_REFERENCE_DIR"

// modulePath is the module whose root ModuleRoot finds.
const modulePath = "github.com/descentlab/descent"

// Dir returns the directory of the shared torch reference files: the
// directory named by $DESCENT_REFERENCE_DIR when it is set (a relative path is
// taken from the module root, since go test runs each package in its own
// directory; an error if it is not a directory), else ../shared/reference
// beside the module root when it exists, else the copy in
// pkg/optim/testdata/reference.
func Dir() (string, error) {
	env := os.Getenv(EnvDir)
	if filepath.IsAbs(env) {
		if !isDir(env) {
			return "", fmt.Errorf("reference: %s=%q is not a directory", EnvDir, env)
		}
		return env, nil
	}
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	if env != "" {
		dir := filepath.Join(root, env)
		if !isDir(dir) {
			return "", fmt.Errorf("reference: %s=%q (%s) is not a directory", EnvDir, env, dir)
		}
		return dir, nil
	}
	return sharedDir(root)
}

// sharedDir is Dir without the environment variable, for the module at root.
func sharedDir(root string) (string, error) {
	candidates := []string{
		filepath.Join(root, "..", "shared", "reference"),
		filepath.Join(root, "pkg", "optim", "testdata", "reference"),
	}
	for _, dir := range candidates {
		if isDir(dir) {
			return dir, nil
		}
	}
	return "", fmt.Errorf("reference: no reference directory: %s unset, %s absent", EnvDir, strings.Join(candidates, " and "))
}

// ExtraDir returns pkg/optim/testdata/extra in the module: torch runs in the
// same format on problems the shared files leave out (the MLP, Rosenbrock,
// non-default options).
func ExtraDir() (string, error) {
	return testdataDir("extra")
}

// testdataDir returns pkg/optim/testdata/name in the module.
func testdataDir(name string) (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, "pkg", "optim", "testdata", name)
	if !isDir(dir) {
		return "", fmt.Errorf("reference: %s is not a directory", dir)
	}
	return dir, nil
}

// GroupsDir returns pkg/optim/testdata/groups in the module: torch runs with
// parameter groups (the ParamGroups of a Run).
func GroupsDir() (string, error) {
	return testdataDir("groups")
}

// MoreDir returns the directory of the shared reference files of the rest of
// torch.optim (Rprop, ASGD, LBFGS, six more schedulers, SWA):
// ../shared/reference-more beside the module root when it exists, else the
// copy in pkg/optim/testdata/reference-more.
func MoreDir() (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	return firstDir(filepath.Join(root, "..", "shared", "reference-more"),
		filepath.Join(root, "pkg", "optim", "testdata", "reference-more"))
}

func firstDir(candidates ...string) (string, error) {
	for _, dir := range candidates {
		if isDir(dir) {
			return dir, nil
		}
	}
	return "", fmt.Errorf("reference: no reference directory: %s absent", strings.Join(candidates, " and "))
}

// Dirs returns every directory of reference trajectories a parity test
// replays: [Dir] and [MoreDir] (the shared files), then [ExtraDir] and
// [GroupsDir] (the repository's own). When $DESCENT_REFERENCE_DIR is set,
// the directory it names takes the place of both shared ones.
func Dirs() ([]string, error) {
	var dirs []string
	finders := []func() (string, error){Dir, MoreDir, ExtraDir, GroupsDir}
	if os.Getenv(EnvDir) != "" {
		finders = []func() (string, error){Dir, ExtraDir, GroupsDir}
	}
	for _, find := range finders {
		dir, err := find()
		if err != nil {
			return nil, err
		}
		dirs = append(dirs, dir)
	}
	return dirs, nil
}

// ModuleRoot returns the root directory of module
// github.com/descentlab/descent: the nearest directory at or above the
// working directory whose go.mod declares it (a test runs in its package's
// directory).
func ModuleRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("reference: %w", err)
	}
	return moduleRootFrom(wd)
}

func moduleRootFrom(dir string) (string, error) {
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && declares(b, modulePath) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("reference: no go.mod of module %s at or above the working directory", modulePath)
		}
		dir = parent
	}
}

// declares reports whether the go.mod text b declares module path.
func declares(b []byte, path string) bool {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`) == path
		}
	}
	return false
}

// Files returns the paths of every .json file under dir, recursively, in
// lexical order. It returns an error if dir cannot be walked or holds none.
func Files(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && filepath.Ext(path) == ".json" {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reference: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("reference: no .json files under %s", dir)
	}
	slices.Sort(files)
	return files, nil
}

// IsNoFMA reports whether the file at path lies in a directory named
// "nofma": runs recorded with torch's non-FMA CPU kernels
// (ATEN_CPU_CAPABILITY=default), bit-exact targets for problems whose loss
// and gradient are evaluated in torch's order.
func IsNoFMA(path string) bool {
	return filepath.Base(filepath.Dir(path)) == "nofma"
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}
