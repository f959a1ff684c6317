// Package lspmod is the client of the README's incident, used to test
// "bodyclosecheck lsp" end to end: on a 403 the body leaks.
package lspmod

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// Item is one entry of the list.
type Item struct {
	Name string `json:"name"`
}

// fetchItems returns the items at u; résumé: the body leaks on a 403.
func fetchItems(c *http.Client, u string) ([]Item, error) {
	resp, err := c.Get(u + "?lang=français&icon=🚀")
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("items: %s", resp.Status) // the body leaks here
	}
	defer resp.Body.Close()
	var items []Item
	return items, json.NewDecoder(resp.Body).Decode(&items)
}
