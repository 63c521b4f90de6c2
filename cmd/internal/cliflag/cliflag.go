// Package cliflag holds what the till's and central's command lines share.
package cliflag

import (
	"fmt"
	"strings"
)

// Take removes a global flag (--name VALUE, --name=VALUE, or with one dash) from anywhere
// in args, so it may come before or after the command. found says whether it was given;
// what names the value in the message when it is missing ("a path").
func Take(args []string, name, what string) (value string, found bool, rest []string, err error) {
	long, short := "--"+name, "-"+name
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == long || a == short:
			if i+1 >= len(args) {
				return "", false, nil, fmt.Errorf("%s needs %s", long, what)
			}
			value, found = args[i+1], true
			i++
		case strings.HasPrefix(a, long+"=") || strings.HasPrefix(a, short+"="):
			value, found = a[strings.Index(a, "=")+1:], true
		default:
			rest = append(rest, a)
		}
	}
	return value, found, rest, nil
}
