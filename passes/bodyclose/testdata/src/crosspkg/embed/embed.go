// Package embed promotes a method of package helpers.
package embed

import "crosspkg/helpers"

// Client has helpers.Finisher's Finish method.
type Client struct {
	helpers.Finisher
}
