#include "support/self_signed.hpp"

#include <duka/testing/child_process.hpp>
#include <stdexcept>

namespace duka::test {

CertificateFiles selfSignedCertificate(const TempDir& dir) {
  CertificateFiles files{dir.file("self.pem"), dir.file("self.key")};
  const auto [status, output] =
      runProcess({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                  "/CN=untrusted", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", files.key,
                  "-out", files.certificate});
  if (status != 0)
    throw std::runtime_error("openssl could not make a certificate: " + output);
  return files;
}

}  // namespace duka::test
