package demo

import (
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/lang"
)

// Receipt is a realistic Polish receipt with Lithuanian articles: weighed goods, a line
// discount, a basket discount, a voided line and cash with change. Renderers' tests and
// printer test pages use it.
func Receipt() pos.Receipt {
	store := pos.StoreInfo{
		ID: "PL-WAW-07", Name: "Omnitill Delikatesy Bałtyckie",
		Address: []string{"ul. Świętokrzyska 12", "00-916 Warszawa"},
		TaxID:   "5260001246", TillID: "K02", Currency: pos.PLN, Country: "PL", VAT: pos.PolishVAT,
	}
	at := time.Date(2025, 3, 14, 17, 42, 0, 0, time.UTC)
	s := &pos.Sale{
		ID: "0195952e-7b1c-7d4e-9a2b-3c4d5e6f7a8b", Store: store.ID, Till: store.TillID,
		ReceiptNo: 1234, Cashier: pos.Staff{ID: "s7", Name: "Ona Žukauskienė", Role: pos.RoleCashier},
		Currency: pos.PLN, StartedAt: at.Add(-3 * time.Minute), CompletedAt: at,
		Lines: []pos.Line{
			{No: 1, SKU: "1001", Name: "Żubrówka Bison Grass 0,7 l", Unit: pos.UnitPiece, UnitPrice: 6999, Qty: pos.Pieces(1), VAT: 2300},
			{No: 2, SKU: "2002", Name: "Šakotis su šokoladu", Unit: pos.UnitPiece, UnitPrice: 2450, Qty: pos.Pieces(2), VAT: 500},
			{No: 3, SKU: "3003", Name: "Kiełbasa śląska", Unit: pos.UnitKg, UnitPrice: 3299, Qty: pos.Grams(512), VAT: 500},
			{No: 4, SKU: "4004", Name: "Grūdėtas varškės sūris", Unit: pos.UnitPiece, UnitPrice: 1899, Qty: pos.Pieces(1), VAT: 500,
				Discount: pos.Discount{Amount: 200, Reason: "promocja"}},
			{No: 5, SKU: "5005", Name: "Woda mineralna", Unit: pos.UnitPiece, UnitPrice: 249, Qty: pos.Pieces(1), VAT: 800, Voided: true},
		},
		BasketDiscount: pos.Discount{Amount: 500, Reason: "karta klienta"},
		Tenders:        []pos.Tender{{Kind: pos.TenderCash, Amount: 20000}},
	}
	return pos.NewReceipt(store, s, lang.MustNew(lang.Polish, "PL"))
}

// LithuanianReceipt is a realistic Lithuanian receipt: a store in Vilnius, euros, PVM
// classes, weighed goods, a line and a basket discount, card and cash with change.
func LithuanianReceipt() pos.Receipt {
	store := pos.StoreInfo{
		ID: "LT-VNO-01", Name: "Omnitill Parduotuvė Vilnius",
		Address: []string{"Gedimino pr. 9", "01103 Vilnius"},
		TaxID:   "LT100001234567", TillID: "01", Currency: pos.EUR, Country: "LT", VAT: pos.LithuanianVAT,
	}
	at := time.Date(2025, 3, 14, 17, 42, 0, 0, time.UTC)
	s := &pos.Sale{
		ID: "0195952e-7b1c-7d4e-9a2b-3c4d5e6f7a8c", Store: store.ID, Till: store.TillID,
		ReceiptNo: 87, Cashier: pos.Staff{ID: "s2", Name: "Jūratė Žemaitytė", Role: pos.RoleCashier},
		Currency: pos.EUR, StartedAt: at.Add(-2 * time.Minute), CompletedAt: at,
		Lines: []pos.Line{
			{No: 1, SKU: "LT1001", Name: "Šakotis su šokoladu", Unit: pos.UnitPiece, UnitPrice: 1290, Qty: pos.Pieces(2), VAT: 2100},
			{No: 2, SKU: "LT2002", Name: "Džiovinta rūkyta dešra", Unit: pos.UnitKg, UnitPrice: 1899, Qty: pos.Grams(356), VAT: 2100},
			{No: 3, SKU: "LT3003", Name: "Grūdėtas varškės sūris", Unit: pos.UnitPiece, UnitPrice: 249, Qty: pos.Pieces(3), VAT: 2100,
				Discount: pos.Discount{Amount: 50, Reason: "Trumpas galiojimo laikas"}},
			{No: 4, SKU: "LT4004", Name: "Knyga „Ąžuolų giesmė“", Unit: pos.UnitPiece, UnitPrice: 1500, Qty: pos.Pieces(1), VAT: 900},
		},
		BasketDiscount: pos.Discount{Amount: 100, Reason: "Pirkėjo kortelė"},
		Tenders: []pos.Tender{
			{Kind: pos.TenderCard, Amount: 3000, Reference: "A51234"},
			{Kind: pos.TenderCash, Amount: 2500},
		},
	}
	return pos.NewReceipt(store, s, lang.MustNew(lang.Lithuanian, "LT"))
}
