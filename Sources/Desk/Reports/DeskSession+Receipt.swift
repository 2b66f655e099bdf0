import DeskCore

extension DeskSession {
    /// The account that recorded the receipt of complaint `id` ("" when `state` does not have it
    /// or its first record cannot be read): the slip's "Taken by".
    public func receivedBy(_ id: ComplaintID, in state: DeskState) -> String {
        guard let first = state.timeline(of: id).first,
            case .success(let received)? = events(at: [first]).first?.1
        else { return "" }
        return received.actor
    }
}
