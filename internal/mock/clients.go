package mock

import (
	"crypto/sha256"
	"fmt"
	"strings"
)

// clientInfo is a configured client plus the index of its data in the store.
type clientInfo struct {
	Client
	idx  int
	guid string // the CLT- guid shown as client_guid: GUID, or one derived from ExternalGUID
}

// ParseClients reads a comma-separated client list: "CLT-a" is a client guid, "CLT-b=bank-ext"
// a client guid with its external guid, and anything else ("ext-only") an external guid alone.
func ParseClients(s string) ([]Client, error) {
	var out []Client
	for i, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		var c Client
		guid, ext, hasExt := strings.Cut(item, "=")
		guid, ext = strings.TrimSpace(guid), strings.TrimSpace(ext)
		switch {
		case item == "":
			return nil, fmt.Errorf("client %d is empty: list client guids separated by commas", i+1)
		case hasExt && (!strings.HasPrefix(guid, "CLT-") || ext == ""):
			return nil, fmt.Errorf("client %q: write CLT-guid=external-guid", item)
		case hasExt:
			c = Client{GUID: guid, ExternalGUID: ext}
		case strings.HasPrefix(item, "CLT-"):
			c = Client{GUID: item}
		default:
			c = Client{ExternalGUID: item}
		}
		out = append(out, c)
	}
	if _, _, err := indexClients(out); err != nil {
		return nil, err
	}
	return out, nil
}

// indexClients checks that every id names exactly one client and maps each id to its client.
func indexClients(cs []Client) ([]*clientInfo, map[string]*clientInfo, error) {
	infos := make([]*clientInfo, len(cs))
	byID := make(map[string]*clientInfo, 2*len(cs))
	for i, c := range cs {
		if c.GUID == "" && c.ExternalGUID == "" {
			return nil, nil, fmt.Errorf("client %d has neither a guid nor an external guid", i+1)
		}
		if c.ExternalGUID != "" && strings.HasPrefix(c.ExternalGUID, "CLT-") {
			return nil, nil, fmt.Errorf("client %d: external guid %q may not start with CLT-", i+1, c.ExternalGUID)
		}
		info := &clientInfo{Client: c, idx: i, guid: c.GUID}
		if info.guid == "" {
			info.guid = derivedGUID("CLT-", c.ExternalGUID)
		}
		for _, id := range []string{c.GUID, c.ExternalGUID} {
			if id == "" {
				continue
			}
			if _, dup := byID[id]; dup {
				return nil, nil, fmt.Errorf("client id %q is listed twice", id)
			}
			byID[id] = info
		}
		infos[i] = info
	}
	return infos, byID, nil
}

// derivedGUID makes a stable, uuid-shaped guid from a name, so restarts give the same answer.
func derivedGUID(prefix, name string) string {
	sum := sha256.Sum256([]byte(name))
	return formatGUID(prefix, sum[:16])
}
