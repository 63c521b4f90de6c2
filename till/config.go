package till

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/omnitill/omnitill/drivers/devices"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
	"github.com/omnitill/omnitill/pos/lang"
)

// Setting keys of the till's own set-up. The store's header (store.*, till.id) is written
// at set-up and read by pos/sqlite; Config shows it but changes only its words.
const (
	keyDiscountLimit  = "policy.cashier_discount_limit_percent"
	keyMaxPrice       = "policy.max_price"
	keyTemplatePrefix = "barcode.template." // + two-digit prefix, e.g. barcode.template.27
	keyTraining       = "till.training"
	keyLanguage       = "till.language"
	keyDevicePrefix   = "device." // + kind + "." + field, e.g. device.printer.port
)

// Store header keys: their words may change; the ids and currency are the till's identity
// with central and its money, set up once.
var (
	headerWords    = []string{"store.name", "store.address", "store.tax_id"}
	headerIdentity = []string{"store.id", "till.id", "store.currency", "store.country"}
)

// deviceFields are the fields of a device's set-up, as in device.KIND.FIELD.
var deviceFields = []string{"port", "line", "profile", "option"}

// Config is the till's set-up as IT and managers change it: typed and checked once, here,
// for the screens, the command line (`omnitill config`) and the till itself.
type Config struct {
	// DiscountLimit is the largest discount a cashier gives without a manager, in basis
	// points of what is discounted (1000 = 10 %).
	DiscountLimit int64
	// MaxPrice is the highest unit or label price the till takes, from a catalog file,
	// central or a label; a sale totals at most a thousand of it.
	MaxPrice pos.Money
	// Templates are the in-store label layouts by prefix ("27" → price label).
	Templates map[string]barcode.Template
	// Training says the till was left in training mode.
	Training bool
	// Language is the screens' language until a cashier chooses another at login; empty,
	// the language of the store's country.
	Language lang.Language
	// Devices are the serial devices, one set-up per kind.
	Devices map[pos.DeviceKind]pos.DeviceConfig
	// header holds the store header's settings, shown by Get and List.
	header map[string]string
}

// defaultConfig is a till's set-up before anyone changed it.
func defaultConfig() Config {
	c := Config{DiscountLimit: pos.DefaultPolicy.CashierDiscountLimit, MaxPrice: pos.DefaultMaxPrice, Templates: map[string]barcode.Template{},
		Devices: map[pos.DeviceKind]pos.DeviceConfig{}, header: map[string]string{}}
	for _, k := range pos.DeviceKinds {
		c.Devices[k] = pos.DeviceConfig{Kind: k}
	}
	return c
}

// ParseConfig reads the till's settings as stored. A value the till could not start with is
// an EINVALID error naming its key.
func ParseConfig(settings map[string]string) (Config, error) {
	c := defaultConfig()
	for _, k := range slices.Sorted(maps.Keys(settings)) {
		if err := c.set(k, settings[k], true); err != nil {
			return Config{}, pos.Errorf(pos.EINVALID, "setting %s: %s", k, pos.ErrorMessage(err))
		}
	}
	return c, nil
}

// Set returns the config with key changed to value, or an EINVALID error saying why not.
func (c Config) Set(key, value string) (Config, error) {
	out := c.clone()
	if err := out.set(key, value, false); err != nil {
		return c, err
	}
	return out, nil
}

func (c Config) clone() Config {
	out := c
	out.Templates, out.Devices, out.header = maps.Clone(c.Templates), maps.Clone(c.Devices), maps.Clone(c.header)
	return out
}

// set changes one key. stored is set when reading the database, where the store header is
// the set-up's own and keys the till no longer knows are left alone.
func (c *Config) set(key, value string, stored bool) error {
	switch {
	case key == keyDiscountLimit:
		limit, err := parseLimit(value)
		if err != nil {
			return err
		}
		c.DiscountLimit = limit
	case key == keyMaxPrice:
		price, err := parseMaxPrice(value)
		if err != nil {
			return err
		}
		c.MaxPrice = price
	case strings.HasPrefix(key, keyTemplatePrefix):
		prefix := strings.TrimPrefix(key, keyTemplatePrefix)
		if value == "" {
			delete(c.Templates, prefix)
			return nil
		}
		t, err := barcode.ParseTemplate(prefix, value)
		if err != nil {
			return err
		}
		c.Templates[prefix] = t
	case key == keyTraining:
		switch value {
		case "1", "on", "yes", "true":
			c.Training = true
		case "0", "off", "no", "false", "":
			c.Training = false
		default:
			return pos.Errorf(pos.EINVALID, "%q is not on or off", value)
		}
	case key == keyLanguage:
		if strings.TrimSpace(value) == "" {
			c.Language = ""
			return nil
		}
		l, err := lang.Parse(value)
		if err != nil {
			return pos.Errorf(pos.EINVALID, "%q is not a language of the till: use pl, lt or en (or nothing for the store's)", value)
		}
		c.Language = l
	case strings.HasPrefix(key, keyDevicePrefix):
		return c.setDevice(strings.TrimPrefix(key, keyDevicePrefix), value)
	case slices.Contains(headerWords, key):
		c.header[key] = value
	case slices.Contains(headerIdentity, key):
		if !stored {
			return pos.Errorf(pos.EINVALID, "%s is the till's identity with central, set up once: pair the till, or set up a new till", key)
		}
		c.header[key] = value
	case stored:
		// A key of another version of the till: kept in the database, not used.
	default:
		return pos.Errorf(pos.EINVALID, "no setting %q: the settings are %s", key, strings.Join(Keys(), ", "))
	}
	return nil
}

// parseLimit reads a percent from 0 to 100 ("10", "12,5", "7.5%") into basis points.
func parseLimit(value string) (int64, error) {
	if v := strings.TrimSuffix(strings.TrimSpace(value), "%"); v == "0" || v == "0,0" || v == "0.0" {
		return 0, nil
	}
	limit, err := pos.ParsePercent(value)
	if err != nil {
		return 0, pos.Errorf(pos.EINVALID, "%q is not a percent from 0 to 100", value)
	}
	return limit, nil
}

// parseMaxPrice reads the price limit: an amount above zero, at most pos.MaxPriceCeiling.
func parseMaxPrice(value string) (pos.Money, error) {
	if strings.TrimSpace(value) == "" {
		return pos.DefaultMaxPrice, nil
	}
	price, err := pos.ParseMoney(strings.ReplaceAll(value, " ", ""))
	if err != nil || price <= 0 || price > pos.MaxPriceCeiling {
		return 0, pos.Errorf(pos.EINVALID, "%q is not a price limit: give an amount from 0.01 to %s (the default is %s)",
			value, pos.MaxPriceCeiling, pos.DefaultMaxPrice)
	}
	return price, nil
}

func (c *Config) setDevice(key, value string) error {
	kind, field, _ := strings.Cut(key, ".")
	d, ok := c.Devices[pos.DeviceKind(kind)]
	if !ok {
		return pos.Errorf(pos.EINVALID, "no device %q: the devices are scanner, printer, display and scale", kind)
	}
	switch field {
	case "port":
		d.Port = value
	case "line":
		d.Line = value
	case "profile":
		d.Profile = value
	case "option":
		d.Option = value
	default:
		return pos.Errorf(pos.EINVALID, "device settings are port, line, profile and option, not %q", field)
	}
	if err := devices.Check(d); err != nil {
		return err
	}
	c.Devices[d.Kind] = d
	return nil
}

// Get returns the value of a setting as the till uses it (a default when never set).
func (c Config) Get(key string) (string, error) {
	all := c.Settings()
	if v, ok := all[key]; ok {
		return v, nil
	}
	if strings.HasPrefix(key, keyTemplatePrefix) {
		return "", pos.Errorf(pos.ENOTFOUND, "no label template for prefix %s: the default (%s) applies", strings.TrimPrefix(key, keyTemplatePrefix), barcode.DefaultInStorePattern)
	}
	return "", pos.Errorf(pos.EINVALID, "no setting %q: the settings are %s", key, strings.Join(Keys(), ", "))
}

// Settings are the config as key and value, every known key with the value in use.
func (c Config) Settings() map[string]string {
	out := maps.Clone(c.header)
	out[keyDiscountLimit] = formatLimit(c.DiscountLimit)
	out[keyMaxPrice] = c.MaxPrice.String()
	out[keyLanguage] = string(c.Language)
	out[keyTraining] = "0"
	if c.Training {
		out[keyTraining] = "1"
	}
	for prefix, t := range c.Templates {
		out[keyTemplatePrefix+prefix] = t.Pattern
	}
	for _, d := range c.Devices {
		maps.Copy(out, deviceSettings(d))
	}
	return out
}

// deviceSettings are a device's set-up as settings.
func deviceSettings(d pos.DeviceConfig) map[string]string {
	k := keyDevicePrefix + string(d.Kind) + "."
	return map[string]string{k + "port": d.Port, k + "line": d.Line, k + "profile": d.Profile, k + "option": d.Option}
}

func formatLimit(bp int64) string {
	if bp%100 == 0 {
		return fmt.Sprint(bp / 100)
	}
	return strings.TrimRight(fmt.Sprintf("%d.%02d", bp/100, bp%100), "0")
}

// Keys lists the settings `omnitill config set` takes.
func Keys() []string {
	keys := []string{keyDiscountLimit, keyMaxPrice, keyTemplatePrefix + "NN", keyTraining, keyLanguage}
	for _, k := range pos.DeviceKinds {
		for _, f := range deviceFields {
			keys = append(keys, keyDevicePrefix+string(k)+"."+f)
		}
	}
	return append(keys, headerWords...)
}

// policy is the register's policy under this config.
func (c Config) policy() pos.Policy {
	p := pos.DefaultPolicy
	p.CashierDiscountLimit = c.DiscountLimit
	p.MaxPrice = c.MaxPrice
	return p
}

// barcodes is the register's barcode reader under this config.
func (c Config) barcodes() *barcode.Parser {
	return barcode.NewParser(slices.Collect(maps.Values(c.Templates))...)
}

// deviceList is the devices' set-up for the hub.
func (c Config) deviceList() []pos.DeviceConfig {
	out := make([]pos.DeviceConfig, 0, len(c.Devices))
	for _, k := range pos.DeviceKinds {
		out = append(out, c.Devices[k])
	}
	return out
}
