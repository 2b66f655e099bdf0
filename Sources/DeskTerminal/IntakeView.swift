import Desk
import DeskCore
import TerminalUI

/// The intake form: a new complaint taken at the counter, saved only when every field is right.
final class IntakeView: FormView {
    let environment: DeskEnvironment
    var form: DeskForm
    /// The known customer the typed name, e-mail or phone point to, looked up once per change.
    private var returning: (key: [String], events: Int, found: ReturningCustomer?)?

    struct ReturningCustomer {
        var customer: Customer
        var complaints: Int
        /// Found by a word of the name only (perhaps another person of that name).
        var byName: Bool
    }

    init(environment: DeskEnvironment) {
        self.environment = environment
        form = DeskForm(
            title: "New complaint",
            fields: [
                .text("name", "Customer name", .customerName),
                .text("email", "Email", .email),
                .text("phone", "Phone", .phone),
                .choice("reply", "Reply by", Self.replyOptions),
                .choice("channel", "Came in by", []),
                .choice("category", "Category", []),
                .text("summary", "Summary", .summary),
                .text("details", "Details", .details),
                .text("remedy", "Remedy sought", .remedySought),
                // Last, so the fields before it keep their places; needed for a reply by mail.
                .text("address", "Postal address", .address),
                // After the address, for the same reason (EO 12862 §1(a)): the office's groups,
                // and what the customer needs so that the next clerk sees it.
                .choice("group", "Customer group", []),
                .text("access", "Access needs", .accessibilityNeeds),
            ])
        offerOptions()
        environment.say("Tab/Enter moves between fields; ←/→ changes a choice; F2 saves; Esc leaves.")
    }

    static let replyOptions = [FormOption("", "no preference")] + Channel.allCases.map { FormOption($0.name) }

    var name: String { "intake form" }
    var subtitle: [StyledSegment] { [StyledSegment(form.title, role: .title)] }
    var actions: ActionRegistry<IntakeView, ViewEffect> { environment.keymaps.intake }

    /// The channels and categories the office offers now; a value no longer offered stays chosen
    /// and marked, so nothing is filed under another category by surprise.
    private func offerOptions() {
        let office = environment.state.office
        let channels = office.map(\.channels).flatMap { $0.isEmpty ? nil : $0 } ?? Channel.allCases
        form.offer(channels.map { FormOption($0.name) }, for: "channel")
        form.offer((office?.categories ?? [.other]).map { FormOption($0.id, $0.title) }, for: "category")
        form.offer(Self.groupOptions(office), for: "group")
    }

    /// No group, then the office's groups (`[office] customer_groups`).
    static func groupOptions(_ office: OfficeConfiguration?) -> [FormOption] {
        [FormOption("", "none")] + (office?.customerGroups ?? []).map { FormOption($0) }
    }

    func reload() { offerOptions() }

    func moveFocus(by step: Int) {
        let left = form.focused?.id
        form.move(by: step)
        guard let left, ["email", "phone", "address"].contains(left), form[left]?.problem == nil else {
            return
        }
        // Leaving a contact field: check it as the desk will on save.
        let name = form.value("name")
        let customer = Customer(
            name: name.isEmpty ? "-" : name, email: form.value("email"), phone: form.value("phone"),
            address: form.value("address"))
        do { try validate(customer) } catch  where error.field == left {
            form[left]?.problem = error.message
        } catch {}
    }

    // MARK: The returning customer

    /// A known customer: by e-mail or phone when typed (the same person), else by a word of the
    /// name as it is typed (perhaps the same person: the note shows contact details to ask about).
    var returningCustomer: ReturningCustomer? {
        let key = [form.value("name"), form.value("email"), form.value("phone")]
        if let memo = returning, memo.key == key, memo.events == environment.state.eventCount {
            return memo.found
        }
        let found = lookUp(name: key[0], email: key[1], phone: key[2])
        returning = (key, environment.state.eventCount, found)
        return found
    }

    private func lookUp(name: String, email: String, phone: String) -> ReturningCustomer? {
        let state = environment.state
        let probe = Customer(name: name, email: email, phone: phone)
        if !probe.normalisedEmail.isEmpty || probe.normalisedPhone.count >= 6,
            let found = state.returningCustomer(like: probe)
        {
            return ReturningCustomer(customer: found.customer, complaints: found.complaints, byName: false)
        }
        guard probe.email.isEmpty, probe.phone.isEmpty, probe.name.count >= 3,
            let first = state.customers(namedLike: probe.name, limit: 1).first
        else { return nil }
        return ReturningCustomer(customer: first.customer, complaints: first.complaints, byName: true)
    }

    /// The line under the form about a known customer.
    func returningNote(_ found: ReturningCustomer) -> String {
        if found.byName {
            let contact = [found.customer.email, found.customer.phone].filter { !$0.isEmpty }.joined(
                separator: ", ")
            return
                "Known customer: \(found.customer.name)\(contact.isEmpty ? "" : " (\(contact))"), \(found.complaints) complaint(s) — F3 if it is them."
        }
        return
            "Returning customer: \(found.customer.name), \(found.complaints) complaint(s) before — F3 uses their details."
    }

    private func useReturningCustomer() -> ViewEffect {
        guard let found = returningCustomer else { return .stay }
        form["name"] = .text("name", "Customer name", .customerName, value: found.customer.name)
        form["email"] = .text("email", "Email", .email, value: found.customer.email)
        form["phone"] = .text("phone", "Phone", .phone, value: found.customer.phone)
        if !found.customer.address.isEmpty {
            form["address"] = .text(
                "address", "Postal address", .address,
                value: found.customer.address.replacingOccurrences(of: "\n", with: ", "))
        }
        if !found.customer.accessibilityNeeds.isEmpty {
            form["access"] = .text(
                "access", "Access needs", .accessibilityNeeds, value: found.customer.accessibilityNeeds)
        }
        // A group the office no longer lists is not taken over (the clerk chooses again).
        if environment.state.office?.acceptsCustomerGroup(found.customer.group) == true {
            form["group"] = .choice(
                "group", "Customer group", Self.groupOptions(environment.state.office),
                selected: found.customer.group)
        }
        if let reply = found.customer.preferredReply {
            form["reply"] = .choice("reply", "Reply by", Self.replyOptions, selected: reply.name)
        }
        return .stay
    }

    // MARK: Saving

    private func save() -> ViewEffect {
        offerOptions()
        guard form.validateAll() else {
            environment.say("Not saved: put right the field marked below.", .statusError)
            return .stay
        }
        let office = environment.state.office
        guard let channel = Channel(name: form.value("channel")),
            let category = (office?.categories ?? [.other]).first(where: { $0.id == form.value("category") })
        else { return .stay }
        let intake = ComplaintIntake(
            channel: channel, category: category.id, summary: form.value("summary"),
            details: form.value("details"), remedySought: form.value("remedy"),
            customer: Customer(
                name: form.value("name"), email: form.value("email"), phone: form.value("phone"),
                preferredReply: Channel(name: form.value("reply")),
                accessibilityNeeds: form.value("access"), group: form.value("group"),
                address: form.value("address")),
            receivedAt: environment.now)
        do throws(DeskError) {
            try validate(intake)
            if let problem = customerGroupProblem(intake.customer.group, office: office) { throw problem }
        } catch {
            let placed = form.place(problem: error.message, field: error.field)
            environment.say(
                placed ? "Not saved: put right the field marked below." : "Not saved: \(error.message)",
                .statusError)
            return .stay
        }
        // A refusal keeps the form and everything typed; the message says why.
        guard case .success(let events) = environment.execute(.receive(intake)),
            let id = events.lazy.compactMap({ recorded -> ComplaintID? in
                if case .complaintReceived(let id, _) = recorded.event { return id }
                return nil
            }).first
        else { return .stay }
        environment.say(
            "Saved \(id). Give the customer the receipt: F5 writes it to a file for printing.", .statusOK)
        return .replace(ReceiptView(environment: environment, id: id))
    }

    // MARK: Drawing

    func draw(into buffer: inout ScreenBuffer, body: Range<Int>) {
        let note = returningCustomer.map(returningNote)
        let noteRows = note == nil ? 0 : 1
        drawForm(into: &buffer, body: body, reservingRows: noteRows)
        if let note {
            buffer.put(
                note, row: body.upperBound - 1, column: 1, role: .statusInfo, maxColumns: buffer.columns - 2)
        }
    }

    static let actions: [Action<IntakeView, ViewEffect>] =
        helpAndSave { $0.save() }
        + [
            Action(
                id: "returning", title: "Use the known customer's details", barLabel: "Returning",
                keys: .function(3), showsWhenDisabled: false,
                disabledReason: {
                    $0.returningCustomer == nil ? "no known customer matches what was typed" : nil
                },
                perform: { view, _ in view.useReturningCustomer() }),
            cancel(saying: "Nothing was saved.", discarded: "The form was discarded; nothing was saved."),
        ] + formKeys
}
