/// What an endpoint asks of the run a request belongs to, at the three moments only the
/// endpoint sees: when the request's turn to go out comes, when its answer arrives, and when
/// an error stops the whole run. One value on the request, set by the run, instead of a
/// closure for each.
package protocol RunControl: Sendable {
    /// A last check when the request's turn comes (it may have waited for the provider's
    /// pace): throwing (the run stopped, the budget is spent) keeps it from being sent.
    func beforeSending() throws

    /// The answer, as soon as the asking task has read it (its place among the requests in
    /// flight went to the next request the moment it arrived): the answer cache stores it
    /// here, before the job uses it, so that a run killed at any moment loses at most the
    /// answers of its jobs under way.
    func answered(_ response: ChatResponse)

    /// An error that stops the whole run (a rejected key), given before the request's place is
    /// let go: the run is marked stopped before a waiting request can take that place.
    func stopping(_ error: ChatError)
}
