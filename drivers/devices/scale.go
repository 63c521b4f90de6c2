package devices

import (
	"context"

	"github.com/omnitill/omnitill/drivers/scale"
	"github.com/omnitill/omnitill/pos"
)

// HasScale reports whether a scale is set up.
func (d *Hub) HasScale() bool {
	link, _ := d.link(pos.DeviceScale)
	return link != nil
}

// Weigh reads a steady weight from the scale.
func (d *Hub) Weigh(ctx context.Context) (pos.Qty, error) {
	link, _ := d.link(pos.DeviceScale)
	if link == nil {
		return 0, pos.Errorf(pos.ENOTFOUND, "this till has no scale: type the weight")
	}
	ctx, cancel := context.WithTimeout(ctx, deviceTimeout)
	defer cancel()
	grams, err := (&scale.Scale{Link: link}).Weigh(ctx)
	if err != nil {
		return 0, inWords(err, pos.DeviceScale.Name())
	}
	return pos.Grams(grams), nil
}
