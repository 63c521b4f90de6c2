package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// autoCertFiles are where `serve --tls-auto` keeps the certificate it made and its key:
// beside the database (central.db-cert.pem, central.db-key.pem), so the certificate, and
// with it the fingerprint tills pinned, survives restarts.
func autoCertFiles(dbPath string) (cert, key string) {
	return dbPath + "-cert.pem", dbPath + "-key.pem"
}

// autoCertValidity is how long a made certificate is valid. Tills pin it by its fingerprint,
// so it is made once and kept.
const autoCertValidity = 20 * 365 * 24 * time.Hour

// autoCert loads the certificate beside the database, or makes one (ECDSA P-256,
// self-signed) when there is none: made tells which. A key whose file others may read is
// narrowed to its owner (0600).
func autoCert(dbPath, listenHost string) (cert tls.Certificate, fingerprint string, made bool, err error) {
	certFile, keyFile := autoCertFiles(dbPath)
	_, certErr := os.Stat(certFile)
	switch {
	case errors.Is(certErr, fs.ErrNotExist):
		if err := makeAutoCert(certFile, keyFile, listenHost); err != nil {
			return tls.Certificate{}, "", false, err
		}
		made = true
	case certErr != nil:
		return tls.Certificate{}, "", false, fmt.Errorf("certificate %s: %w", certFile, certErr)
	default:
		if info, err := os.Stat(keyFile); err != nil {
			return tls.Certificate{}, "", false, fmt.Errorf("the certificate %s has no key beside it (%w): restore %s, or remove the certificate to make a new one (every till must then be paired again)", certFile, err, keyFile)
		} else if info.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(keyFile, 0o600); err != nil {
				return tls.Certificate{}, "", false, fmt.Errorf("narrow %s to its owner: %w", keyFile, err)
			}
		}
	}
	cert, err = tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return tls.Certificate{}, "", false, fmt.Errorf("load the certificate %s: %w", certFile, err)
	}
	return cert, certSHA256(cert.Certificate[0]), made, nil
}

// makeAutoCert writes a new self-signed certificate and its key. The key is written first
// and the certificate last, each under a temporary name then renamed: a central killed half
// way has no certificate and makes one anew at its next start.
func makeAutoCert(certFile, keyFile, listenHost string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return fmt.Errorf("make a key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return fmt.Errorf("make a serial number: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "omnitill-central", Organization: []string{"Omnitill"}},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(autoCertValidity),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	// The names are for clients that check them (curl --cacert); tills check the fingerprint.
	if h, err := os.Hostname(); err == nil && h != "" && h != "localhost" {
		tmpl.DNSNames = append(tmpl.DNSNames, h)
	}
	switch ip := net.ParseIP(listenHost); {
	case listenHost == "" || (ip != nil && ip.IsUnspecified()): // every interface
		if addrs, err := net.InterfaceAddrs(); err == nil {
			for _, a := range addrs {
				if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && !n.IP.IsLinkLocalUnicast() {
					tmpl.IPAddresses = append(tmpl.IPAddresses, n.IP)
				}
			}
		}
	case ip != nil && !ip.IsLoopback():
		tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
	case ip == nil && listenHost != "localhost":
		tmpl.DNSNames = append(tmpl.DNSNames, listenHost)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return fmt.Errorf("make a certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return fmt.Errorf("encode the key: %w", err)
	}
	if err := writeFileAtomic(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return err
	}
	return writeFileAtomic(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
}

// writeFileAtomic writes a file under a temporary name, synced, then renames it into place.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // gone after the rename; left over only on failure
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// certSHA256 is a certificate's fingerprint as tills pin it: the SHA-256 of its DER bytes,
// in lower-case hex (what `openssl x509 -noout -fingerprint -sha256` prints, without colons).
func certSHA256(der []byte) string {
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:])
}

// autoCertFingerprint is the fingerprint of the certificate `serve --tls-auto` keeps beside
// the database; ok is false when there is none.
func autoCertFingerprint(dbPath string) (fingerprint string, ok bool, err error) {
	certFile, _ := autoCertFiles(dbPath)
	b, err := os.ReadFile(certFile)
	if errors.Is(err, fs.ErrNotExist) {
		return "", false, nil
	} else if err != nil {
		return "", false, fmt.Errorf("read %s: %w", certFile, err)
	}
	block, _ := pem.Decode(b)
	if block == nil || block.Type != "CERTIFICATE" {
		return "", false, fmt.Errorf("%s holds no PEM certificate", certFile)
	}
	return certSHA256(block.Bytes), true, nil
}
