/* Single sign-on's hand-over page: go on to the organisation's provider at once.
 * Why a page and not a redirect: the CSP's form-action 'self' also covers the redirects that
 * follow a form post, so the sign-in form cannot redirect to another site; a navigation from
 * this page can. Loaded as a file (the CSP allows no inline script); without it, the page's
 * link does the same by hand. */
(function () {
  "use strict";

  var link = document.getElementById("sso-continue");
  if (link && link.href) { window.location.replace(link.href); }
})();
