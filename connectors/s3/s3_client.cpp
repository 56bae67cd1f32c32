// S3 requests over libcurl: endpoint and URL forms, signing, the retry loop and error sentences.
#include "connectors/s3/s3_client.h"

#include <curl/curl.h>

#include <cctype>
#include <mutex>

#include "common/weir_error.h"
#include "connectors/s3/retry_backoff.h"
#include "connectors/s3/sha256.h"

namespace weir {
namespace {

constexpr long kConnectTimeoutMs = 10000;
constexpr long kLowSpeedSeconds = 60;

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t append_body(char *data, size_t size, size_t count, void *target) {
    static_cast<std::string *>(target)->append(data, size * count);
    return size * count;
}

// Keeps the ETag header of the answer (multipart parts need it).
size_t read_header(char *data, size_t size, size_t count, void *target) {
    std::string line(data, size * count);
    if (line.size() > 5 && (line.compare(0, 5, "ETag:") == 0 || line.compare(0, 5, "etag:") == 0 ||
                            line.compare(0, 5, "Etag:") == 0)) {
        std::string value = line.substr(5);
        while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.erase(0, 1);
        while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
        *static_cast<std::string *>(target) = value;
    }
    return size * count;
}

std::string xml_unescape(const std::string &text) {
    std::string out;
    for (size_t i = 0; i < text.size(); i++) {
        if (text[i] != '&') {
            out += text[i];
            continue;
        }
        size_t end = text.find(';', i);
        if (end == std::string::npos) {
            out += text[i];
            continue;
        }
        std::string entity = text.substr(i + 1, end - i - 1);
        if (entity == "amp") out += '&';
        else if (entity == "lt") out += '<';
        else if (entity == "gt") out += '>';
        else if (entity == "quot") out += '"';
        else if (entity == "apos") out += '\'';
        else if (!entity.empty() && entity[0] == '#') {
            long code = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X')
                            ? std::strtol(entity.c_str() + 2, nullptr, 16)
                            : std::strtol(entity.c_str() + 1, nullptr, 10);
            if (code > 0 && code < 0x80) out += static_cast<char>(code);
        } else {
            out += text.substr(i, end - i + 1);
        }
        i = end;
    }
    return out;
}

// The text of every <tag>...</tag> element in `xml`, unescaped.
std::vector<std::string> xml_values(const std::string &xml, const std::string &tag) {
    std::vector<std::string> values;
    std::string open = "<" + tag + ">";
    std::string close = "</" + tag + ">";
    size_t at = 0;
    while ((at = xml.find(open, at)) != std::string::npos) {
        size_t start = at + open.size();
        size_t end = xml.find(close, start);
        if (end == std::string::npos) break;
        values.push_back(xml_unescape(xml.substr(start, end - start)));
        at = end + close.size();
    }
    return values;
}

std::string xml_value(const std::string &xml, const std::string &tag) {
    auto values = xml_values(xml, tag);
    return values.empty() ? "" : values.front();
}

}  // namespace

S3Client::S3Client(S3ClientConfig config)
    : config_(std::move(config)), signer_(config_.access_key, config_.secret_key, config_.region) {
    global_init();
    size_t colon = config_.endpoint.find("://");
    scheme_ = colon == std::string::npos ? "http" : config_.endpoint.substr(0, colon);
    authority_ = colon == std::string::npos ? config_.endpoint : config_.endpoint.substr(colon + 3);
    while (!authority_.empty() && authority_.back() == '/') authority_.pop_back();
    curl_ = curl_easy_init();
    if (curl_ == nullptr) throw WeirError(ErrorKind::Io, config_.context + " could not initialise libcurl");
}

S3Client::~S3Client() {
    if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL *>(curl_));
}

bool S3Client::attempt(const std::string &method, const std::string &key, const Query &query, const std::string &body,
                       const std::string &content_type, Response &response, std::string &curl_error) {
    CURL *curl = static_cast<CURL *>(curl_);
    curl_easy_reset(curl);
    SigV4Request request;
    request.method = method;
    std::string host = config_.path_style ? authority_ : config_.bucket + "." + authority_;
    if (config_.path_style) request.path = "/" + config_.bucket + (key.empty() ? "" : "/" + key);
    else request.path = "/" + key;
    request.query = query;
    request.payload_hash = Sha256::hex_digest(body);
    std::string date = SigV4Signer::amz_date(std::chrono::system_clock::now());
    request.headers = {{"host", host}, {"x-amz-content-sha256", request.payload_hash}, {"x-amz-date", date}};

    std::string url = scheme_ + "://" + host + SigV4Signer::canonical_uri(request.path);
    std::string query_text = SigV4Signer::canonical_query(query);
    if (!query_text.empty()) url += "?" + query_text;

    curl_slist *headers = nullptr;
    std::string authorization = "Authorization: " + signer_.authorization(request, date);
    for (const auto &header : request.headers) headers = curl_slist_append(headers, (header.first + ": " + header.second).c_str());
    headers = curl_slist_append(headers, authorization.c_str());
    headers = curl_slist_append(headers, "Expect:");
    if (!content_type.empty()) headers = curl_slist_append(headers, ("Content-Type: " + content_type).c_str());
    else headers = curl_slist_append(headers, "Content-Type:");

    response = Response{};
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, kLowSpeedSeconds);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.etag);
    if (method == "GET") {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    authorization.assign(authorization.size(), '\0');
    if (code != CURLE_OK) {
        curl_error = curl_easy_strerror(code);
        return false;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    return true;
}

S3Client::Response S3Client::send(const std::string &method, const std::string &key, const Query &query,
                                  const std::string &body, const std::string &content_type, const std::string &what) {
    RetryBackoff backoff(config_.max_attempts, config_.base_delay, config_.max_delay);
    Response response;
    std::string curl_error;
    while (backoff.next_attempt()) {
        if (backoff.attempts() > 1) backoff.wait();
        curl_error.clear();
        if (!attempt(method, key, query, body, content_type, response, curl_error)) continue;
        if (response.status >= 200 && response.status < 300) return response;
        std::string code = xml_value(response.body, "Code");
        if (response.status >= 500 || code == "SlowDown" || code == "InternalError") continue;
        fail_with(response, what);
    }
    if (!curl_error.empty()) {
        throw WeirError(ErrorKind::Io, config_.context + " cannot reach the S3 endpoint " + config_.endpoint + " (" +
                                           curl_error + ", " + std::to_string(backoff.attempts()) +
                                           " attempts): check that the server runs and the endpoint option");
    }
    std::string code = xml_value(response.body, "Code");
    throw WeirError(ErrorKind::Io, config_.context + " gave up on " + what + " after " +
                                       std::to_string(backoff.attempts()) + " attempts: the S3 server kept answering HTTP " +
                                       std::to_string(response.status) + (code.empty() ? "" : " (" + code + ")"));
}

void S3Client::fail_with(const Response &response, const std::string &what) const {
    std::string code = xml_value(response.body, "Code");
    std::string where = " at " + config_.endpoint;
    const std::string &who = config_.context;
    if (code == "SignatureDoesNotMatch") {
        throw WeirError(ErrorKind::Io, who + " was refused by S3" + where +
                                           " because the request signature does not match (SignatureDoesNotMatch, "
                                           "HTTP 403): check secret_key (or AWS_SECRET_ACCESS_KEY) and region");
    }
    if (code == "InvalidAccessKeyId") {
        throw WeirError(ErrorKind::Io, who + " was refused by S3" + where +
                                           " because it does not know the access key (InvalidAccessKeyId, HTTP 403): "
                                           "check access_key (or AWS_ACCESS_KEY_ID)");
    }
    if (code == "RequestTimeTooSkewed") {
        throw WeirError(ErrorKind::Io, who + " was refused by S3" + where +
                                           " because this machine's clock differs too much from the server's "
                                           "(RequestTimeTooSkewed): synchronise the system clock (NTP) and run again");
    }
    if (code == "NoSuchBucket") {
        throw WeirError(ErrorKind::Io, who + " cannot write: bucket '" + config_.bucket + "' does not exist" + where +
                                           " (NoSuchBucket): create it or fix the bucket option");
    }
    if (response.status == 403) {
        throw WeirError(ErrorKind::Io, who + " was denied access to bucket '" + config_.bucket + "'" + where + " (" +
                                           (code.empty() ? "HTTP 403" : code + ", HTTP 403") +
                                           "): give the credentials permission to write there");
    }
    std::string message = xml_value(response.body, "Message");
    throw WeirError(ErrorKind::Io, who + " failed on " + what + ": the S3 server answered HTTP " +
                                       std::to_string(response.status) + (code.empty() ? "" : " (" + code + ")") +
                                       (message.empty() ? "" : ": " + message));
}

void S3Client::put_object(const std::string &key, const std::string &body, const std::string &content_type) {
    if (body.size() > config_.multipart_threshold) {
        put_multipart(key, body, content_type);
        return;
    }
    send("PUT", key, {}, body, content_type, "PUT of object '" + key + "'");
}

void S3Client::put_multipart(const std::string &key, const std::string &body, const std::string &content_type) {
    std::string what = "multipart upload of object '" + key + "'";
    Response created = send("POST", key, {{"uploads", ""}}, "", content_type, what);
    std::string upload_id = xml_value(created.body, "UploadId");
    if (upload_id.empty()) {
        throw WeirError(ErrorKind::Io, config_.context + " got no UploadId from S3 for the " + what);
    }
    try {
        std::string complete = "<CompleteMultipartUpload>";
        int part = 0;
        for (size_t offset = 0; offset < body.size(); offset += config_.part_size) {
            part++;
            Response uploaded = send("PUT", key, {{"partNumber", std::to_string(part)}, {"uploadId", upload_id}},
                                     body.substr(offset, config_.part_size), "", what);
            complete += "<Part><PartNumber>" + std::to_string(part) + "</PartNumber><ETag>" + uploaded.etag +
                        "</ETag></Part>";
        }
        complete += "</CompleteMultipartUpload>";
        Response done = send("POST", key, {{"uploadId", upload_id}}, complete, "application/xml", what);
        // CompleteMultipartUpload may answer 200 with an error document.
        if (done.body.find("<Error>") != std::string::npos) fail_with(done, what);
    } catch (...) {
        try {
            send("DELETE", key, {{"uploadId", upload_id}}, "", "", "abort of the " + what);
        } catch (...) {
        }
        throw;
    }
}

std::string S3Client::get_object(const std::string &key) {
    return send("GET", key, {}, "", "", "GET of object '" + key + "'").body;
}

std::vector<std::string> S3Client::list_keys(const std::string &prefix) {
    std::vector<std::string> keys;
    std::string token;
    while (true) {
        Query query = {{"list-type", "2"}, {"max-keys", std::to_string(config_.list_page_size)}, {"prefix", prefix}};
        if (!token.empty()) query.emplace_back("continuation-token", token);
        Response listed = send("GET", "", query, "", "", "listing of prefix '" + prefix + "'");
        for (auto &key : xml_values(listed.body, "Key")) keys.push_back(std::move(key));
        token = xml_value(listed.body, "NextContinuationToken");
        if (xml_value(listed.body, "IsTruncated") != "true" || token.empty()) break;
    }
    return keys;
}

void S3Client::delete_object(const std::string &key) {
    send("DELETE", key, {}, "", "", "DELETE of object '" + key + "'");
}

}  // namespace weir
