// selfSignedCertificate: a certificate for 127.0.0.1 that no CA signed, made with openssl in
// dir, for the tests that check a TLS client refuses it.
#pragma once

#include <duka/testing/temp_dir.hpp>
#include <string>

namespace duka::test {

struct CertificateFiles {
  std::string certificate, key;
};

// selfSignedCertificate throws when openssl fails.
CertificateFiles selfSignedCertificate(const TempDir& dir);

}  // namespace duka::test
