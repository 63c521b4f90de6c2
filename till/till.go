// Package till is the till as an application: it opens the till's database (setting a new
// till up on first start), owns its typed set-up (Config), its device hub, its link with
// central, and what follows a committed sale (the customer display, the cash drawer, the
// receipt). The screens (app) and the command line (cmd/tillcmd) both drive it; neither
// holds a rule of its own.
package till

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/omnitill/omnitill/drivers/devices"
	"github.com/omnitill/omnitill/drivers/sound"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/lang"
	"github.com/omnitill/omnitill/pos/sqlite"
)

// printerFile is where a till without a printer keeps what it would have printed, beside its
// database, so a demo till shows its receipts.
const printerFile = "printer.bin"

// Till is an opened till.
type Till struct {
	// DB is the till's database, for IT commands and tests; screens go through the Till.
	DB *sqlite.DB
	// Store is the till's store, as set up or as pairing made it (for IT's commands and
	// tests, read between calls); the till itself reads its register's (StoreInfo).
	Store pos.StoreInfo

	register *pos.Register
	returns  *pos.ReturnDesk
	devices  *devices.Hub
	mu       sync.Mutex // guards config
	config   Config
	log      *slog.Logger
	sync     syncLink

	// The alert's sound card (opened at the first alert) and its buzzer in flight.
	alertSound sync.Once
	player     *sound.Player
	alerting   atomic.Bool
	background sync.WaitGroup // alerts still sounding when the till closes
	// stopImport stops finishing a catalog import (finishImport) and waits for it.
	stopImport func()
}

// DefaultDBPath is the till database in the user's data directory (XDG_DATA_HOME).
func DefaultDBPath() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "omnitill", "till.db")
}

// Open opens the till whose database is at path. A new database is set up with the demo
// store first, in one transaction (SetUpDemo). log gets what the till, its devices and its
// sync have to say.
func Open(ctx context.Context, path string, log *slog.Logger) (*Till, error) {
	return OpenDemo(ctx, path, log, "")
}

// OpenDemo is Open with the demo store a new database is set up with ("" for the Polish
// one). A database set up already as another store is refused: the demo is chosen once.
func OpenDemo(ctx context.Context, path string, log *slog.Logger, d Demo) (*Till, error) {
	db, err := sqlite.Open(path)
	if err != nil {
		return nil, err
	}
	t, err := open(ctx, db, log, d)
	if err != nil {
		db.Close()
		return nil, err
	}
	return t, nil
}

func open(ctx context.Context, db *sqlite.DB, log *slog.Logger, d Demo) (*Till, error) {
	store, err := db.StoreInfo(ctx)
	if pos.ErrorCode(err) == pos.ENOTFOUND {
		log.Info("new till: setting up the demo store", "db", db.Path(), "demo", cmp.Or(d, DemoPL))
		// Another process starting the same new till at once may have set it up first.
		if err = SetUpDemoStore(ctx, db, cmp.Or(d, DemoPL)); err == nil || pos.ErrorCode(err) == pos.ECONFLICT {
			store, err = db.StoreInfo(ctx)
		}
	}
	if err != nil {
		return nil, err
	}
	if d != "" && store.ID != d.store().ID {
		return nil, pos.Errorf(pos.ECONFLICT, "%s is set up already as store %s: a demo store is chosen when a till starts new (give another --db)", db.Path(), store.ID)
	}
	settings, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	cfg, err := ParseConfig(settings)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", pos.Errorf(pos.EINVALID, "The till's set-up in %s cannot be used: %s", db.Path(), pos.ErrorMessage(err)), err)
	}
	if err := seedReasons(ctx, db, log); err != nil {
		return nil, err
	}
	if p := cfg.Devices[pos.DevicePrinter]; p.Port == "" {
		p.Port = "file:" + filepath.Join(filepath.Dir(db.Path()), printerFile)
		cfg.Devices[pos.DevicePrinter] = p
	}
	t := &Till{DB: db, Store: store, config: cfg, log: log}
	t.register = &pos.Register{Store: store, Words: storeWords(store), Catalog: db, Promotions: db, Customers: db, Sales: db, Staff: db, Parked: db,
		Reasons: db, Loyalty: db, Holds: centralHolds{t}, Coupons: db, CouponHolds: centralHolds{t}, Vouchers: db, VoucherHolds: centralHolds{t}, Barcodes: cfg.barcodes(), Policy: cfg.policy(), Now: time.Now}
	t.register.RestoreTraining(cfg.Training)
	t.returns = &pos.ReturnDesk{Store: t.register.StoreInfo, Returns: db, Central: centralReturns{t}, Reasons: db,
		Policies: db, Policy: pos.DefaultReturnsPolicy, Now: time.Now}
	t.register.Exchanges = t.returns
	t.devices, err = devices.New(cfg.deviceList(), store.Name, t.register.Words, t.saveDevice, log.With("part", "devices"))
	if err != nil {
		return nil, err
	}
	t.finishImport()
	return t, nil
}

// finishImport merges, in the background, a catalog import that was published but not
// merged (its process was killed): the catalog reads right meanwhile, but what central
// sends for its articles waits for it.
func (t *Till) finishImport() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	t.stopImport = func() {
		cancel()
		<-done
	}
	go func() {
		defer close(done)
		if err := t.DB.FinishImport(ctx); err != nil && ctx.Err() == nil {
			t.log.Error("finish a catalog import", "err", err)
		}
	}()
}

// Close stops the sync, closes the devices and the database.
func (t *Till) Close() error {
	t.background.Wait()
	t.stopImport()
	t.stopSync()
	t.devices.Close()
	return t.DB.Close()
}

// Register is the till's selling session every front end drives.
func (t *Till) Register() *pos.Register { return t.register }

// Devices are the till's serial devices.
func (t *Till) Devices() pos.Devices { return t.devices }

// Log is the till's one log.
func (t *Till) Log() *slog.Logger { return t.log }

// Language is the screens' language: the one set, or the store's country's.
func (t *Till) Language() lang.Language {
	if l := t.Config().Language; l != "" {
		return l
	}
	return lang.OfCountry(t.register.StoreInfo().Country)
}

// Config is the till's set-up as it was read at start or last changed here.

func (t *Till) Config() Config {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.config.clone()
}

// SetConfig checks and saves one setting. A device's set-up applies at once, and so does
// the price limit to catalog imports; the discount and price limits and the label
// templates apply to selling at the till's next start.
func (t *Till) SetConfig(ctx context.Context, key, value string) error {
	old := t.Config()
	cfg, err := old.Set(key, value)
	if err != nil {
		return err
	}
	for _, k := range pos.DeviceKinds {
		if cfg.Devices[k] != old.Devices[k] {
			return t.devices.Configure(ctx, cfg.Devices[k]) // saves through saveDevice
		}
	}
	if err := t.DB.SetSetting(ctx, key, value); err != nil {
		return err
	}
	t.log.Info("setting changed", "key", key, "value", value)
	t.mu.Lock()
	t.config = cfg
	t.mu.Unlock()
	return nil
}

// saveDevice keeps a device's set-up in the till's settings, all its fields in one
// transaction; the hub calls it before applying the set-up.
func (t *Till) saveDevice(ctx context.Context, c pos.DeviceConfig) error {
	if err := t.DB.SetSettings(ctx, deviceSettings(c)); err != nil {
		return err
	}
	t.log.Info("device set up", "device", c.Kind, "port", c.Port, "line", c.Line, "profile", c.Profile, "option", c.Option)
	t.mu.Lock()
	t.config.Devices[c.Kind] = c
	t.mu.Unlock()
	return nil
}

// SetTraining switches training mode and remembers it across restarts.
func (t *Till) SetTraining(ctx context.Context, on bool, manager pos.Staff) error {
	if err := t.register.SetTraining(ctx, on, manager); err != nil {
		return err
	}
	v := "0"
	if on {
		v = "1"
	}
	if err := t.DB.SetSetting(ctx, keyTraining, v); err != nil {
		return err
	}
	t.mu.Lock()
	t.config.Training = on
	t.mu.Unlock()
	t.log.Info("training mode", "on", on, "manager", manager.ID)
	return nil
}

// AddStaff adds a member of staff, or changes one, with a new PIN.
func (t *Till) AddStaff(ctx context.Context, s pos.Staff, pin string) error {
	if s.ID == "" || s.Name == "" {
		return pos.Errorf(pos.EINVALID, "a member of staff needs an id and a name")
	}
	if s.Role != pos.RoleCashier && s.Role != pos.RoleManager {
		return pos.Errorf(pos.EINVALID, "the role is cashier or manager, not %q", s.Role)
	}
	if err := t.DB.SaveStaff(ctx, s, pin); err != nil {
		return err
	}
	t.log.Info("staff saved", "staff", s.ID, "role", s.Role)
	return nil
}
