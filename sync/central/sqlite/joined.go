package sqlite

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// phoneDigitsSQL is a customer's phone with only its digits, as pos.PhoneDigits has it.
const phoneDigitsSQL = `replace(replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '+', ''), '(', ''), ')', ''), '/', ''), '.', '')`

// samePhoneSQL says a customer's phone is the number whose digits are ?2: the same digits,
// or one of them with a country code the other lacks ("+48 600 100 200", "600100200").
const samePhoneSQL = `(length(?2) >= 7 AND length(` + phoneDigitsSQL + `) >= 7 AND (substr(` + phoneDigitsSQL + `, -length(?2)) = ?2
	OR substr(?2, -length(` + phoneDigitsSQL + `)) = ` + phoneDigitsSQL + `))`

// bookCustomer adds a customer who joined at a till (customer.created), moving them on the
// customers stream. One with the e-mail or phone of a customer central has is not added: the
// till's id becomes an alias of that customer and a manager is told (duplicate_customer).
// The event is applied either way; only a till that sent another till's customer is
// refused. A failure of central's own database is kept in b.failed, failing the batch.
func (b *booking) bookCustomer(e *incoming) (status, reason string) {
	n := e.customer
	if err := central.CheckNewCustomer(n, b.till); err != nil {
		b.exception(e.EventID, central.ExceptionRejected, err.Error())
		return wire.StatusRejected, err.Error()
	}
	if err := b.joinCustomer(e.EventID, n); err != nil {
		b.failed = err
		return wire.StatusRejected, "central failed"
	}
	return wire.StatusApplied, ""
}

func (b *booking) joinCustomer(event string, n pos.CustomerCreatedEvent) error {
	ctx, tx := b.ctx, b.tx
	if _, err := findCustomer(ctx, tx, n.Customer); err == nil {
		return nil // the till's id is central's already: nothing more to do
	} else if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	var kept pos.CustomerID
	err := tx.QueryRowContext(ctx, `SELECT id FROM customers WHERE erased_at IS NULL
		AND ((?1 <> '' AND lower(email) = lower(?1)) OR `+samePhoneSQL+`) ORDER BY seq LIMIT 1`,
		n.Email, pos.PhoneDigits(n.Phone)).Scan(&kept)
	switch {
	case err == nil:
		old, err := findCustomer(ctx, tx, kept)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO customer_aliases (id, customer_id, event_id) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`,
			n.Customer, kept, event); err != nil {
			return fmt.Errorf("alias customer %s as %s: %w", n.Customer, kept, err)
		}
		b.exception(event, central.ExceptionDuplicateCustomer, central.DuplicateCustomer(n, old))
		return nil
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("look for customer %s by e-mail or phone: %w", n.Customer, err)
	}
	seq, err := nextSeq(ctx, tx, pos.StreamCustomers)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO customers (id, card, name, email, phone, marketing, e_receipt, joined_at, seq, updated_at)
		VALUES (?, '', ?, ?, ?, ?, ?, ?, ?, ?)`, n.Customer, n.Name, n.Email, n.Phone, n.Marketing, n.EReceipt,
		string(n.Store)+"/"+string(n.Till), seq, b.nowText); err != nil {
		return fmt.Errorf("add customer %s: %w", n.Customer, err)
	}
	return nil
}
