"""The application: assess a matter into a Decision, interview, what-if, scenarios."""
