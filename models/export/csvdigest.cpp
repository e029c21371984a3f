#include "csvdigest.h"

#include <QCryptographicHash>

#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CSVDIGEST_SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace {

constexpr std::array<quint32, 8> InitialState{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                              0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

#ifdef CSVDIGEST_SHA_NI

alignas(16) constexpr quint32 RoundConstants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

bool cpuHasShaNi()
{
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return false;
    const bool ssse3 = c & (1u << 9);
    const bool sse41 = c & (1u << 19);
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return false;
    const bool sha = b & (1u << 29);
    return ssse3 && sse41 && sha;
}

// The SHA-256 compression of whole 64-byte blocks with the SHA-NI
// instructions: four rounds per step, the message schedule kept in four
// registers (Intel's published arrangement).
__attribute__((target("sha,sse4.1,ssse3"))) void compress(quint32 *state, const unsigned char *data,
                                                          qsizetype blocks)
{
    const __m128i byteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i *>(state));
    __m128i state1 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(state + 4));
    tmp = _mm_shuffle_epi32(tmp, 0xB1);               // CDAB
    state1 = _mm_shuffle_epi32(state1, 0x1B);         // EFGH
    __m128i state0 = _mm_alignr_epi8(tmp, state1, 8); // ABEF
    state1 = _mm_blend_epi16(state1, tmp, 0xF0);      // CDGH

    for (; blocks > 0; --blocks, data += 64) {
        const __m128i abefSaved = state0;
        const __m128i cdghSaved = state1;
        __m128i w[4];
        for (int i = 0; i < 4; ++i)
            w[i] = _mm_shuffle_epi8(
                _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + 16 * i)), byteSwap);
#if !defined(__clang__)
#pragma GCC unroll 16
#endif
        for (int i = 0; i < 16; ++i) {
            __m128i msg = _mm_add_epi32(w[i & 3], _mm_load_si128(reinterpret_cast<const __m128i *>(
                                                      RoundConstants + 4 * i)));
            state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
            if (i >= 3 && i <= 14) {
                const __m128i carried = _mm_alignr_epi8(w[i & 3], w[(i - 1) & 3], 4);
                w[(i + 1) & 3] = _mm_add_epi32(w[(i + 1) & 3], carried);
                w[(i + 1) & 3] = _mm_sha256msg2_epu32(w[(i + 1) & 3], w[i & 3]);
            }
            msg = _mm_shuffle_epi32(msg, 0x0E);
            state0 = _mm_sha256rnds2_epu32(state0, state1, msg);
            if (i >= 1 && i <= 12)
                w[(i - 1) & 3] = _mm_sha256msg1_epu32(w[(i - 1) & 3], w[i & 3]);
        }
        state0 = _mm_add_epi32(state0, abefSaved);
        state1 = _mm_add_epi32(state1, cdghSaved);
    }

    tmp = _mm_shuffle_epi32(state0, 0x1B);       // FEBA
    state1 = _mm_shuffle_epi32(state1, 0xB1);    // DCHG
    state0 = _mm_blend_epi16(tmp, state1, 0xF0); // DCBA
    state1 = _mm_alignr_epi8(state1, tmp, 8);    // HGFE
    _mm_storeu_si128(reinterpret_cast<__m128i *>(state), state0);
    _mm_storeu_si128(reinterpret_cast<__m128i *>(state + 4), state1);
}

bool useShaNi()
{
    static const bool has = cpuHasShaNi();
    return has;
}

#else

bool useShaNi()
{
    return false;
}

void compress(quint32 *, const unsigned char *, qsizetype) {}

#endif

} // namespace

CsvDigest::CsvDigest()
    : m_state(InitialState)
{
    if (!useShaNi())
        m_fallback = std::make_unique<QCryptographicHash>(QCryptographicHash::Sha256);
}

CsvDigest::~CsvDigest() = default;

bool CsvDigest::usesCpuExtensions()
{
    return useShaNi();
}

void CsvDigest::addData(QByteArrayView bytes)
{
    if (m_fallback) {
        m_fallback->addData(bytes);
        return;
    }
    auto data = reinterpret_cast<const unsigned char *>(bytes.data());
    qsizetype size = bytes.size();
    m_length += quint64(size);
    if (m_blockSize > 0) {
        const qsizetype take = std::min<qsizetype>(64 - m_blockSize, size);
        std::memcpy(m_block.data() + m_blockSize, data, size_t(take));
        m_blockSize += take;
        data += take;
        size -= take;
        if (m_blockSize < 64)
            return;
        compress(m_state.data(), m_block.data(), 1);
        m_blockSize = 0;
    }
    if (size >= 64) {
        compress(m_state.data(), data, size / 64);
        data += size - size % 64;
        size %= 64;
    }
    std::memcpy(m_block.data(), data, size_t(size));
    m_blockSize = size;
}

QByteArray CsvDigest::result() const
{
    if (m_fallback)
        return m_fallback->result();
    // The padding: 0x80, zeros, the length in bits (big-endian) at the end
    // of the last block.
    std::array<quint32, 8> state = m_state;
    unsigned char tail[128] = {};
    std::memcpy(tail, m_block.data(), size_t(m_blockSize));
    tail[m_blockSize] = 0x80;
    const qsizetype tailSize = m_blockSize < 56 ? 64 : 128;
    const quint64 bits = m_length * 8;
    for (int i = 0; i < 8; ++i)
        tail[tailSize - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
    compress(state.data(), tail, tailSize / 64);
    QByteArray digest(32, Qt::Uninitialized);
    for (int i = 0; i < 8; ++i) {
        digest[4 * i] = char(state[size_t(i)] >> 24);
        digest[4 * i + 1] = char(state[size_t(i)] >> 16);
        digest[4 * i + 2] = char(state[size_t(i)] >> 8);
        digest[4 * i + 3] = char(state[size_t(i)]);
    }
    return digest;
}
