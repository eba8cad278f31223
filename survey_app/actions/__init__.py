"""Action plans: a recommendation turned into an owner, a due date and a status.

The service functions other parts of the app call:

* :func:`survey_app.actions.services.actions_for_owner` -- a user's open actions, overdue and
  due first (the home page);
* :func:`survey_app.actions.services.targets_with_actions` -- which practices and enemies of a
  company had an action (the next wave's before and after);
* :func:`survey_app.actions.digest.send_owner_digest` -- the weekly email to one owner.
"""
