import Foundation

// Customers: recorded once, found again by their e-mail or phone, or by a word of the name.
extension DeskState {

    /// Customers are found by a 64-bit hash of their normalised email or phone, and a hit is
    /// then checked against the contact itself: two contacts sharing a hash are never taken for
    /// one person (the second is simply not indexed, so it is not found as returning).
    mutating func recordCustomer(_ customer: Customer) -> UInt32 {
        let email = emailKey(customer.email)
        let phone = phoneKey(customer.phone)
        if let n = lookUpCustomer(customer, email: email, phone: phone) {
            var r = customers[Int(n) - 1]
            r.complaints += 1
            if !text.holds(r.name, customer.name) { r.name = text.store(customer.name) }
            if r.email.length == 0, let email {
                r.email = text.store(customer.email)
                customerByContact[email] = n
            }
            if r.phone.length == 0, let phone {
                r.phone = text.store(customer.phone)
                customerByContact[phone] = n
            }
            if let p = customer.preferredReply { r.preferredReply = p }
            // Most complaints bring neither: then nothing is read back (replay stays allocation-free).
            if !customer.accessibilityNeeds.isEmpty, !text.holds(r.accessibility, customer.accessibilityNeeds)
            {
                r.accessibility = text.store(customer.accessibilityNeeds)
            }
            if !customer.address.isEmpty, !text.holds(r.address, customer.address) {
                r.address = text.store(customer.address)
            }
            if !customer.group.isEmpty { r.group = names.intern(customer.group) }
            customers[Int(n) - 1] = r
            return n
        }
        customers.append(
            CustomerRecord(
                name: text.store(customer.name), email: text.store(customer.email),
                phone: text.store(customer.phone),
                accessibility: text.store(customer.accessibilityNeeds), address: text.store(customer.address),
                group: names.intern(customer.group),
                complaints: 1, preferredReply: customer.preferredReply))
        let n = UInt32(customers.count)
        if let email, customerByContact[email] == nil { customerByContact[email] = n }
        if let phone, customerByContact[phone] == nil { customerByContact[phone] = n }
        return n
    }

    /// The customer with the same e-mail (any case) or the same phone digits as `probe`.
    private func lookUpCustomer(_ probe: Customer, email: UInt64?, phone: UInt64?) -> UInt32? {
        if let email, let n = customerByContact[email],
            text.string(customers[Int(n) - 1].email).trimmingCharacters(in: .whitespaces).lowercased()
                == probe.normalisedEmail
        {
            return n
        }
        if let phone, let n = customerByContact[phone],
            Customer(name: "", email: "", phone: text.string(customers[Int(n) - 1].phone)).normalisedPhone
                == probe.normalisedPhone
        {
            return n
        }
        return nil
    }

    func customer(number n: UInt32) -> Customer {
        let r = customers[Int(n) - 1]
        return Customer(
            name: text.string(r.name), email: text.string(r.email), phone: text.string(r.phone),
            preferredReply: r.preferredReply,
            accessibilityNeeds: text.string(r.accessibility),
            group: names[r.group], address: text.string(r.address))
    }

    /// Whether complaint `id` came after another complaint of the same customer: what
    /// "(returning)" says, never on a customer's first complaint. A customer with one complaint
    /// is answered at once; otherwise the complaints before this one are searched (a detail
    /// view's cost, not a list's: the records do not keep a customer's first complaint).
    public func isLaterComplaintOfItsCustomer(_ id: ComplaintID) -> Bool {
        guard let index = book.index(of: id) else { return false }
        let n = complaints[index].customer
        guard n > 0, Int(n) <= customers.count, customers[Int(n) - 1].complaints > 1 else { return false }
        return complaints[..<index].contains { $0.customer == n }
    }

    /// A customer already known by the same email (any case) or phone digits, with how many
    /// complaints they made; nil for a new customer.
    public func returningCustomer(like customer: Customer) -> (customer: Customer, complaints: Int)? {
        guard
            let n = lookUpCustomer(customer, email: emailKey(customer.email), phone: phoneKey(customer.phone))
        else {
            return nil
        }
        return (self.customer(number: n), Int(customers[Int(n) - 1].complaints))
    }

    public var customerCount: Int { customers.count }

    /// Known customers whose name, or a word of it, starts with `prefix` (ASCII letters compared
    /// without case, other characters exactly), most complaints first, at most `limit`. A name is
    /// not an identity: the caller shows contact details so the clerk can tell two people apart.
    public func customers(namedLike prefix: String, limit: Int = 3) -> [(customer: Customer, complaints: Int)]
    {
        let wanted = Array(prefix.trimmingCharacters(in: .whitespaces).utf8).map(Self.foldASCII)
        guard !wanted.isEmpty else { return [] }
        var found: [(number: UInt32, complaints: UInt32)] = []
        text.bytes.withUnsafeBufferPointer { bytes in
            for (index, record) in customers.enumerated() {
                let start = Int(record.name.offset)
                let end = start + Int(record.name.length)
                var wordStart = start
                while wordStart + wanted.count <= end {
                    var matches = true
                    for (offset, byte) in wanted.enumerated()
                    where Self.foldASCII(bytes[wordStart + offset]) != byte {
                        matches = false
                        break
                    }
                    if matches {
                        found.append((UInt32(index + 1), record.complaints))
                        break
                    }
                    // On to the next word.
                    guard let space = (wordStart..<end).first(where: { bytes[$0] == 0x20 }) else { break }
                    wordStart = space + 1
                }
            }
        }
        return found.sorted { $0.complaints > $1.complaints }.prefix(limit).map {
            (customer(number: $0.number), Int($0.complaints))
        }
    }

    private static func foldASCII(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }
}

/// FNV-1a of an email trimmed of spaces and lowercased; nil when empty. ASCII is folded
/// byte by byte (the usual case, no allocation); other text goes through `lowercased()`.
func emailKey(_ email: String) -> UInt64? {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ 0x65
    var any = false
    var pendingSpaces = 0
    for b in email.utf8 {
        if b >= 0x80 {
            let folded = email.trimmingCharacters(in: .whitespaces).lowercased()
            guard !folded.isEmpty else { return nil }
            var g: UInt64 = 0xcbf2_9ce4_8422_2325 ^ 0x65
            for c in folded.utf8 { g = (g ^ UInt64(c)) &* 0x100_0000_01b3 }
            return g
        }
        if b == 0x20 || b == 0x09 {
            if any { pendingSpaces += 1 }
            continue
        }
        for _ in 0..<pendingSpaces { h = (h ^ 0x20) &* 0x100_0000_01b3 }
        pendingSpaces = 0
        let lower = b >= 0x41 && b <= 0x5A ? b + 32 : b
        h = (h ^ UInt64(lower)) &* 0x100_0000_01b3
        any = true
    }
    return any ? h : nil
}

/// FNV-1a of the digits of a phone number; nil with fewer than 5 digits.
func phoneKey(_ phone: String) -> UInt64? {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ 0x70
    var digits = 0
    for b in phone.utf8 where b >= 0x30 && b <= 0x39 {
        h = (h ^ UInt64(b)) &* 0x100_0000_01b3
        digits += 1
    }
    return digits >= 5 ? h : nil
}
