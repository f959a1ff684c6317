package main

import (
	"encoding/json"
	"io"
)

// writeJSON prints the findings as one JSON array of stable objects (see
// the finding type), "[]" when there are none.
func writeJSON(w io.Writer, found []finding) error {
	if found == nil {
		found = []finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(found)
}
