// Command omnitill-central is the chain's central store: it pairs tills, takes their sales
// and publishes the catalog and stock to them over the /v1 HTTP API (docs/api.md). It links
// no GUI, so it runs on a server without a display.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
