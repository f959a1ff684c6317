// Command gen writes the standard library facts table to stdout.
package main

import (
	"fmt"
	"os"

	"github.com/bodyclosecheck/bodyclosecheck/passes/closefacts/stdfacts"
)

func main() {
	text, err := stdfacts.Generate("std")
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Print(text)
}
