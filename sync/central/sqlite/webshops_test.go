package sqlite

import (
	"strings"
	"testing"
)

func mustAddWebShop(tb testing.TB, db *DB, name string) string {
	tb.Helper()
	key, err := db.AddWebShop(ctx, name)
	if err != nil {
		tb.Fatal(err)
	}
	return key
}

func TestWebShops(t *testing.T) {
	db, _ := mustOpen(t)
	key := mustAddWebShop(t, db, "shop.example")
	if !strings.HasPrefix(key, "ws_") || len(key) < 40 {
		t.Fatalf("key %q", key)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM webshops WHERE key_hash = ?`, key); n != 0 {
		t.Fatal("the key is stored in clear")
	}
	if name, err := db.WebShopByKey(ctx, key); err != nil || name != "shop.example" {
		t.Fatalf("by key: %q %v", name, err)
	}
	if _, err := db.AddWebShop(ctx, "shop.example"); err == nil || !strings.Contains(err.Error(), "revoke it first") {
		t.Fatalf("a second key while the first works: %v", err)
	}
	if err := db.RevokeWebShop(ctx, "nope"); err == nil {
		t.Fatal("revoked an unknown shop")
	}
}
