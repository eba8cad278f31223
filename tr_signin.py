"""The translations of the signed-out pages and the account emails (issue 17), filled into the
catalogues by /tmp/po_update.sh. French: U+202F before ; : ! ? and inside « », ’ for '."""

T = {
    "Set password and sign in": {
        "es": "Establecer la contraseña e iniciar sesión",
        "fr": "Définir le mot de passe et se connecter",
        "de": "Passwort festlegen und anmelden",
    },
    "Send me a reset link": {
        "es": "Enviarme un enlace de restablecimiento",
        "fr": "M\u2019envoyer un lien de réinitialisation",
        "de": "Link zum Zurücksetzen senden",
    },
    "This link is not valid. Check that you copied all of it, or ask for a new one.": {
        "es": "Este enlace no es válido. Compruebe que lo ha copiado entero o pida uno nuevo.",
        "fr": "Ce lien n\u2019est pas valide. Vérifiez que vous l\u2019avez copié en entier, "
        "ou demandez-en un nouveau.",
        "de": "Dieser Link ist ungültig. Prüfen Sie, ob Sie ihn vollständig kopiert haben, "
        "oder fordern Sie einen neuen an.",
    },
    "This link has already been used. Sign in, or ask for a new link.": {
        "es": "Este enlace ya se ha usado. Inicie sesión o pida un enlace nuevo.",
        "fr": "Ce lien a déjà été utilisé. Connectez-vous, ou demandez un nouveau lien.",
        "de": "Dieser Link wurde bereits verwendet. Melden Sie sich an, oder fordern Sie "
        "einen neuen Link an.",
    },
    "This link has expired. Ask for a new one.": {
        "es": "Este enlace ha caducado. Pida uno nuevo.",
        "fr": "Ce lien a expiré. Demandez-en un nouveau.",
        "de": "Dieser Link ist abgelaufen. Fordern Sie einen neuen an.",
    },
    "This account is deactivated. Ask an admin of your organisation.": {
        "es": "Esta cuenta está desactivada. Pregunte a un administrador de su organización.",
        "fr": "Ce compte est désactivé. Adressez-vous à un administrateur de votre organisation.",
        "de": "Dieses Konto ist deaktiviert. Wenden Sie sich an einen Administrator Ihrer "
        "Organisation.",
    },
    "%(inviter)s invites you to %(organisation)s on Teamwork Scorecard.": {
        "es": "%(inviter)s le invita a %(organisation)s en Teamwork Scorecard.",
        "fr": "%(inviter)s vous invite à rejoindre %(organisation)s sur Teamwork Scorecard.",
        "de": "%(inviter)s lädt Sie zu %(organisation)s in Teamwork Scorecard ein.",
    },
    "Choose your password here to sign in:": {
        "es": "Elija aquí su contraseña para iniciar sesión:",
        "fr": "Choisissez ici votre mot de passe pour vous connecter\u202f:",
        "de": "Wählen Sie hier Ihr Passwort, um sich anzumelden:",
    },
    (
        "The link works once and for %(num)s hour. If it has expired, ask %(inviter)s to "
        "send a new one.",
        "The link works once and for %(num)s hours. If it has expired, ask %(inviter)s to "
        "send a new one.",
    ): {
        "es": (
            "El enlace funciona una sola vez y durante %(num)s hora. Si ha caducado, pida a "
            "%(inviter)s que le envíe uno nuevo.",
            "El enlace funciona una sola vez y durante %(num)s horas. Si ha caducado, pida a "
            "%(inviter)s que le envíe uno nuevo.",
        ),
        "fr": (
            "Le lien fonctionne une seule fois, pendant %(num)s heure. S\u2019il a expiré, "
            "demandez-en un nouveau à %(inviter)s.",
            "Le lien fonctionne une seule fois, pendant %(num)s heures. S\u2019il a expiré, "
            "demandez-en un nouveau à %(inviter)s.",
        ),
        "de": (
            "Der Link funktioniert einmal und %(num)s Stunde lang. Ist er abgelaufen, bitten "
            "Sie %(inviter)s um einen neuen.",
            "Der Link funktioniert einmal und %(num)s Stunden lang. Ist er abgelaufen, bitten "
            "Sie %(inviter)s um einen neuen.",
        ),
    },
    "You are invited to %(organisation)s": {
        "es": "Le invitan a %(organisation)s",
        "fr": "Vous êtes invité(e) à rejoindre %(organisation)s",
        "de": "Sie sind zu %(organisation)s eingeladen",
    },
    "Someone (we hope you) asked to reset the password of your Teamwork Scorecard account.": {
        "es": "Alguien (esperamos que usted) ha pedido restablecer la contraseña de su cuenta "
        "de Teamwork Scorecard.",
        "fr": "Quelqu\u2019un (vous, nous l\u2019espérons) a demandé la réinitialisation du "
        "mot de passe de votre compte Teamwork Scorecard.",
        "de": "Jemand (hoffentlich Sie) hat das Zurücksetzen des Passworts Ihres "
        "Teamwork-Scorecard-Kontos angefordert.",
    },
    "Choose a new password here:": {
        "es": "Elija aquí una contraseña nueva:",
        "fr": "Choisissez ici un nouveau mot de passe\u202f:",
        "de": "Wählen Sie hier ein neues Passwort:",
    },
    (
        "The link works once and for %(num)s minute. If you did not ask for it, ignore this "
        "email: your password stays as it is.",
        "The link works once and for %(num)s minutes. If you did not ask for it, ignore this "
        "email: your password stays as it is.",
    ): {
        "es": (
            "El enlace funciona una sola vez y durante %(num)s minuto. Si no lo ha pedido, "
            "ignore este correo: su contraseña no cambia.",
            "El enlace funciona una sola vez y durante %(num)s minutos. Si no lo ha pedido, "
            "ignore este correo: su contraseña no cambia.",
        ),
        "fr": (
            "Le lien fonctionne une seule fois, pendant %(num)s minute. Si vous ne l\u2019avez "
            "pas demandé, ignorez cet e-mail\u202f: votre mot de passe reste inchangé.",
            "Le lien fonctionne une seule fois, pendant %(num)s minutes. Si vous ne l\u2019avez "
            "pas demandé, ignorez cet e-mail\u202f: votre mot de passe reste inchangé.",
        ),
        "de": (
            "Der Link funktioniert einmal und %(num)s Minute lang. Wenn Sie ihn nicht "
            "angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt, wie es ist.",
            "Der Link funktioniert einmal und %(num)s Minuten lang. Wenn Sie ihn nicht "
            "angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt, wie es ist.",
        ),
    },
    "Reset your password": {
        "es": "Restablezca su contraseña",
        "fr": "Réinitialisez votre mot de passe",
        "de": "Setzen Sie Ihr Passwort zurück",
    },
    "Your password is set. You are signed in.": {
        "es": "Su contraseña está establecida. Ha iniciado sesión.",
        "fr": "Votre mot de passe est défini. Vous êtes connecté(e).",
        "de": "Ihr Passwort ist festgelegt. Sie sind angemeldet.",
    },
    (
        "Too many reset requests for this email address. Try again in %(num)s minute.",
        "Too many reset requests for this email address. Try again in %(num)s minutes.",
    ): {
        "es": (
            "Demasiadas solicitudes de restablecimiento para esta dirección de correo "
            "electrónico. Inténtelo de nuevo dentro de %(num)s minuto.",
            "Demasiadas solicitudes de restablecimiento para esta dirección de correo "
            "electrónico. Inténtelo de nuevo dentro de %(num)s minutos.",
        ),
        "fr": (
            "Trop de demandes de réinitialisation pour cette adresse e-mail. Réessayez dans "
            "%(num)s minute.",
            "Trop de demandes de réinitialisation pour cette adresse e-mail. Réessayez dans "
            "%(num)s minutes.",
        ),
        "de": (
            "Zu viele Anfragen zum Zurücksetzen für diese E-Mail-Adresse. Versuchen Sie es in "
            "%(num)s Minute erneut.",
            "Zu viele Anfragen zum Zurücksetzen für diese E-Mail-Adresse. Versuchen Sie es in "
            "%(num)s Minuten erneut.",
        ),
    },
    (
        "Too many reset requests from this network. Try again in %(num)s minute.",
        "Too many reset requests from this network. Try again in %(num)s minutes.",
    ): {
        "es": (
            "Demasiadas solicitudes de restablecimiento desde esta red. Inténtelo de nuevo "
            "dentro de %(num)s minuto.",
            "Demasiadas solicitudes de restablecimiento desde esta red. Inténtelo de nuevo "
            "dentro de %(num)s minutos.",
        ),
        "fr": (
            "Trop de demandes de réinitialisation depuis ce réseau. Réessayez dans %(num)s minute.",
            "Trop de demandes de réinitialisation depuis ce réseau. Réessayez dans %(num)s "
            "minutes.",
        ),
        "de": (
            "Zu viele Anfragen zum Zurücksetzen aus diesem Netzwerk. Versuchen Sie es in "
            "%(num)s Minute erneut.",
            "Zu viele Anfragen zum Zurücksetzen aus diesem Netzwerk. Versuchen Sie es in "
            "%(num)s Minuten erneut.",
        ),
    },
    "Keep me signed in on this device": {
        "es": "Mantener la sesión iniciada en este dispositivo",
        "fr": "Rester connecté(e) sur cet appareil",
        "de": "Auf diesem Gerät angemeldet bleiben",
    },
    "Sign in": {"es": "Iniciar sesión", "fr": "Se connecter", "de": "Anmelden"},
    "Work address": {
        "es": "Dirección de trabajo",
        "fr": "Adresse professionnelle",
        "de": "Geschäftliche Adresse",
    },
    "Continue with single sign-on": {
        "es": "Continuar con el inicio de sesión único",
        "fr": "Continuer avec l\u2019authentification unique",
        "de": "Mit Single Sign-on fortfahren",
    },
    "The sign-in provider names another issuer than the one set up.": {
        "es": "El proveedor de inicio de sesión indica un emisor distinto del configurado.",
        "fr": "Le fournisseur d\u2019identité indique un autre émetteur que celui configuré.",
        "de": "Der Anmeldeanbieter nennt einen anderen Aussteller als den eingerichteten.",
    },
    "The sign-in provider did not give an email address.": {
        "es": "El proveedor de inicio de sesión no ha dado ninguna dirección de correo "
        "electrónico.",
        "fr": "Le fournisseur d\u2019identité n\u2019a pas donné d\u2019adresse e-mail.",
        "de": "Der Anmeldeanbieter hat keine E-Mail-Adresse übermittelt.",
    },
    "The sign-in provider has not verified this email address.": {
        "es": "El proveedor de inicio de sesión no ha verificado esta dirección de correo "
        "electrónico.",
        "fr": "Le fournisseur d\u2019identité n\u2019a pas vérifié cette adresse e-mail.",
        "de": "Der Anmeldeanbieter hat diese E-Mail-Adresse nicht bestätigt.",
    },
    "Only %(domain)s addresses can sign in here; the provider gave %(email)s.": {
        "es": "Aquí solo pueden iniciar sesión las direcciones de %(domain)s; el proveedor "
        "ha dado %(email)s.",
        "fr": "Seules les adresses %(domain)s peuvent se connecter ici\u202f; le fournisseur "
        "a donné %(email)s.",
        "de": "Hier können sich nur Adressen von %(domain)s anmelden; der Anbieter hat "
        "%(email)s übermittelt.",
    },
    "This account cannot sign in. Ask your administrator.": {
        "es": "Esta cuenta no puede iniciar sesión. Pregunte a su administrador.",
        "fr": "Ce compte ne peut pas se connecter. Adressez-vous à votre administrateur.",
        "de": "Dieses Konto kann sich nicht anmelden. Wenden Sie sich an Ihren Administrator.",
    },
    "Single sign-on did not complete: %(reason)s": {
        "es": "El inicio de sesión único no se ha completado: %(reason)s",
        "fr": "L\u2019authentification unique n\u2019a pas abouti\u202f: %(reason)s",
        "de": "Single Sign-on wurde nicht abgeschlossen: %(reason)s",
    },
    "Single sign-on is not set up for %(domain)s. Sign in with your password, or ask your "
    "administrator.": {
        "es": "El inicio de sesión único no está configurado para %(domain)s. Inicie sesión "
        "con su contraseña o pregunte a su administrador.",
        "fr": "L\u2019authentification unique n\u2019est pas configurée pour %(domain)s. "
        "Connectez-vous avec votre mot de passe, ou adressez-vous à votre administrateur.",
        "de": "Single Sign-on ist für %(domain)s nicht eingerichtet. Melden Sie sich mit "
        "Ihrem Passwort an, oder wenden Sie sich an Ihren Administrator.",
    },
    "the sign-in provider did not answer.": {
        "es": "el proveedor de inicio de sesión no ha respondido.",
        "fr": "le fournisseur d\u2019identité n\u2019a pas répondu.",
        "de": "Der Anmeldeanbieter hat nicht geantwortet.",
    },
    "this sign-in was not started here, or has expired. Try again.": {
        "es": "este inicio de sesión no se empezó aquí, o ha caducado. Inténtelo de nuevo.",
        "fr": "cette connexion n\u2019a pas été commencée ici, ou a expiré. Réessayez.",
        "de": "Diese Anmeldung wurde nicht hier begonnen oder ist abgelaufen. Versuchen Sie "
        "es erneut.",
    },
    "single sign-on is switched off for your organisation.": {
        "es": "el inicio de sesión único está desactivado para su organización.",
        "fr": "l\u2019authentification unique est désactivée pour votre organisation.",
        "de": "Single Sign-on ist für Ihre Organisation ausgeschaltet.",
    },
    "the sign-in provider's answer could not be verified.": {
        "es": "no se ha podido verificar la respuesta del proveedor de inicio de sesión.",
        "fr": "la réponse du fournisseur d\u2019identité n\u2019a pas pu être vérifiée.",
        "de": "Die Antwort des Anmeldeanbieters konnte nicht überprüft werden.",
    },
    (
        "Too many failed sign-ins for this account. Sign-in is locked for %(num)s minute; try "
        "again then, or choose a new password with “Forgot password?” on the sign-in page.",
        "Too many failed sign-ins for this account. Sign-in is locked for %(num)s minutes; try "
        "again then, or choose a new password with “Forgot password?” on the sign-in page.",
    ): {
        "es": (
            "Demasiados intentos fallidos de inicio de sesión para esta cuenta. El inicio de "
            "sesión está bloqueado durante %(num)s minuto; inténtelo de nuevo entonces, o elija "
            "una contraseña nueva con «¿Ha olvidado su contraseña?» en la página de inicio de "
            "sesión.",
            "Demasiados intentos fallidos de inicio de sesión para esta cuenta. El inicio de "
            "sesión está bloqueado durante %(num)s minutos; inténtelo de nuevo entonces, o elija "
            "una contraseña nueva con «¿Ha olvidado su contraseña?» en la página de inicio de "
            "sesión.",
        ),
        "fr": (
            "Trop de connexions échouées pour ce compte. La connexion est bloquée pendant "
            "%(num)s minute\u202f; réessayez ensuite, ou choisissez un nouveau mot de passe "
            "avec «\u00a0Mot de passe oublié\u202f?\u00a0» sur la page de connexion.",
            "Trop de connexions échouées pour ce compte. La connexion est bloquée pendant "
            "%(num)s minutes\u202f; réessayez ensuite, ou choisissez un nouveau mot de passe "
            "avec «\u00a0Mot de passe oublié\u202f?\u00a0» sur la page de connexion.",
        ),
        "de": (
            "Zu viele fehlgeschlagene Anmeldungen für dieses Konto. Die Anmeldung ist für "
            "%(num)s Minute gesperrt; versuchen Sie es dann erneut, oder wählen Sie mit "
            "„Passwort vergessen?“ auf der Anmeldeseite ein neues Passwort.",
            "Zu viele fehlgeschlagene Anmeldungen für dieses Konto. Die Anmeldung ist für "
            "%(num)s Minuten gesperrt; versuchen Sie es dann erneut, oder wählen Sie mit "
            "„Passwort vergessen?“ auf der Anmeldeseite ein neues Passwort.",
        ),
    },
    (
        "Too many failed sign-ins from this network. Try again in %(num)s minute.",
        "Too many failed sign-ins from this network. Try again in %(num)s minutes.",
    ): {
        "es": (
            "Demasiados intentos fallidos de inicio de sesión desde esta red. Inténtelo de "
            "nuevo dentro de %(num)s minuto.",
            "Demasiados intentos fallidos de inicio de sesión desde esta red. Inténtelo de "
            "nuevo dentro de %(num)s minutos.",
        ),
        "fr": (
            "Trop de connexions échouées depuis ce réseau. Réessayez dans %(num)s minute.",
            "Trop de connexions échouées depuis ce réseau. Réessayez dans %(num)s minutes.",
        ),
        "de": (
            "Zu viele fehlgeschlagene Anmeldungen aus diesem Netzwerk. Versuchen Sie es in "
            "%(num)s Minute erneut.",
            "Zu viele fehlgeschlagene Anmeldungen aus diesem Netzwerk. Versuchen Sie es in "
            "%(num)s Minuten erneut.",
        ),
    },
    'Password sign-in is turned off for your organisation. Use "Continue with single '
    'sign-on" below.': {
        "es": "El inicio de sesión con contraseña está desactivado para su organización. Use "
        "«Continuar con el inicio de sesión único» más abajo.",
        "fr": "La connexion par mot de passe est désactivée pour votre organisation. Utilisez "
        "«\u00a0Continuer avec l\u2019authentification unique\u00a0» ci-dessous.",
        "de": "Die Anmeldung mit Passwort ist für Ihre Organisation ausgeschaltet. Verwenden "
        "Sie unten „Mit Single Sign-on fortfahren“.",
    },
    "Email or password is not right.": {
        "es": "El correo electrónico o la contraseña no son correctos.",
        "fr": "L\u2019adresse e-mail ou le mot de passe est incorrect.",
        "de": "E-Mail oder Passwort ist nicht richtig.",
    },
    "You are signed out.": {
        "es": "Ha cerrado la sesión.",
        "fr": "Vous êtes déconnecté(e).",
        "de": "Sie sind abgemeldet.",
    },
    "Forgot password": {
        "es": "Contraseña olvidada",
        "fr": "Mot de passe oublié",
        "de": "Passwort vergessen",
    },
    (
        "If an account uses %(email)s, we have sent it a link to choose a new password. The "
        "link works once, for %(num)s minute.",
        "If an account uses %(email)s, we have sent it a link to choose a new password. The "
        "link works once, for %(num)s minutes.",
    ): {
        "es": (
            "Si alguna cuenta usa %(email)s, le hemos enviado un enlace para elegir una "
            "contraseña nueva. El enlace funciona una sola vez, durante %(num)s minuto.",
            "Si alguna cuenta usa %(email)s, le hemos enviado un enlace para elegir una "
            "contraseña nueva. El enlace funciona una sola vez, durante %(num)s minutos.",
        ),
        "fr": (
            "Si un compte utilise %(email)s, nous lui avons envoyé un lien pour choisir un "
            "nouveau mot de passe. Le lien fonctionne une seule fois, pendant %(num)s minute.",
            "Si un compte utilise %(email)s, nous lui avons envoyé un lien pour choisir un "
            "nouveau mot de passe. Le lien fonctionne une seule fois, pendant %(num)s minutes.",
        ),
        "de": (
            "Wenn ein Konto %(email)s verwendet, haben wir ihm einen Link zum Wählen eines "
            "neuen Passworts gesendet. Der Link funktioniert einmal, %(num)s Minute lang.",
            "Wenn ein Konto %(email)s verwendet, haben wir ihm einen Link zum Wählen eines "
            "neuen Passworts gesendet. Der Link funktioniert einmal, %(num)s Minuten lang.",
        ),
    },
    "No email after a few minutes? Check the address and your spam folder, or ask an admin "
    "of your organisation to send you a link.": {
        "es": "¿No ha llegado ningún correo después de unos minutos? Compruebe la dirección y "
        "su carpeta de spam, o pida a un administrador de su organización que le envíe un "
        "enlace.",
        "fr": "Pas d\u2019e-mail après quelques minutes\u202f? Vérifiez l\u2019adresse et "
        "votre dossier de courrier indésirable, ou demandez à un administrateur de votre "
        "organisation de vous envoyer un lien.",
        "de": "Nach einigen Minuten keine E-Mail? Prüfen Sie die Adresse und Ihren "
        "Spam-Ordner, oder bitten Sie einen Administrator Ihrer Organisation, Ihnen einen "
        "Link zu senden.",
    },
    "Back to sign in": {
        "es": "Volver al inicio de sesión",
        "fr": "Retour à la connexion",
        "de": "Zurück zur Anmeldung",
    },
    "Enter the email you sign in with. We will send a link to choose a new password.": {
        "es": "Introduzca el correo electrónico con el que inicia sesión. Le enviaremos un "
        "enlace para elegir una contraseña nueva.",
        "fr": "Saisissez l\u2019adresse e-mail avec laquelle vous vous connectez. Nous vous "
        "enverrons un lien pour choisir un nouveau mot de passe.",
        "de": "Geben Sie die E-Mail-Adresse ein, mit der Sie sich anmelden. Wir senden Ihnen "
        "einen Link, um ein neues Passwort zu wählen.",
    },
    "Open the link from your invitation or password reset email to choose a password.": {
        "es": "Abra el enlace de su correo de invitación o de restablecimiento de contraseña "
        "para elegir una contraseña.",
        "fr": "Ouvrez le lien de votre e-mail d\u2019invitation ou de réinitialisation du "
        "mot de passe pour choisir un mot de passe.",
        "de": "Öffnen Sie den Link aus Ihrer Einladungs-E-Mail oder der E-Mail zum "
        "Zurücksetzen des Passworts, um ein Passwort zu wählen.",
    },
    "Ask for a new link": {
        "es": "Pedir un enlace nuevo",
        "fr": "Demander un nouveau lien",
        "de": "Neuen Link anfordern",
    },
    "Choose your password": {
        "es": "Elija su contraseña",
        "fr": "Choisissez votre mot de passe",
        "de": "Wählen Sie Ihr Passwort",
    },
    "For %(email)s (%(organisation)s).": {
        "es": "Para %(email)s (%(organisation)s).",
        "fr": "Pour %(email)s (%(organisation)s).",
        "de": "Für %(email)s (%(organisation)s).",
    },
    "Forgot password?": {
        "es": "¿Ha olvidado su contraseña?",
        "fr": "Mot de passe oublié\u202f?",
        "de": "Passwort vergessen?",
    },
    "Sign in with your organisation's single sign-on": {
        "es": "Inicie sesión con el inicio de sesión único de su organización",
        "fr": "Se connecter avec l\u2019authentification unique de votre organisation",
        "de": "Mit dem Single Sign-on Ihrer Organisation anmelden",
    },
    "Your work email address: its domain picks your organisation's sign-in.": {
        "es": "Su dirección de correo electrónico de trabajo: su dominio elige el inicio de "
        "sesión de su organización.",
        "fr": "Votre adresse e-mail professionnelle\u202f: son domaine choisit la connexion "
        "de votre organisation.",
        "de": "Ihre geschäftliche E-Mail-Adresse: Ihre Domain bestimmt die Anmeldung Ihrer "
        "Organisation.",
    },
    "Answering a survey? Use the link you were sent; you do not need an account.": {
        "es": "¿Va a responder a una encuesta? Use el enlace que le enviaron; no necesita "
        "una cuenta.",
        "fr": "Vous répondez à un questionnaire\u202f? Utilisez le lien qui vous a été "
        "envoyé\u202f; vous n\u2019avez pas besoin de compte.",
        "de": "Sie beantworten eine Umfrage? Verwenden Sie den Link, den Sie erhalten haben; "
        "Sie brauchen kein Konto.",
    },
    "Continuing to single sign-on": {
        "es": "Continuando con el inicio de sesión único",
        "fr": "Vers l\u2019authentification unique",
        "de": "Weiter zum Single Sign-on",
    },
    "Continuing to your organisation's sign-in": {
        "es": "Continuando con el inicio de sesión de su organización",
        "fr": "Vers la connexion de votre organisation",
        "de": "Weiter zur Anmeldung Ihrer Organisation",
    },
    "You are being taken to %(host)s to sign in. You come back here once you have.": {
        "es": "Le llevamos a %(host)s para iniciar sesión. Volverá aquí cuando lo haya hecho.",
        "fr": "Vous êtes redirigé(e) vers %(host)s pour vous connecter. Vous revenez ici une "
        "fois connecté(e).",
        "de": "Sie werden zur Anmeldung zu %(host)s weitergeleitet. Danach kommen Sie hierher "
        "zurück.",
    },
    "Continue to %(host)s": {
        "es": "Continuar a %(host)s",
        "fr": "Continuer vers %(host)s",
        "de": "Weiter zu %(host)s",
    },
    "Back to the sign-in page": {
        "es": "Volver a la página de inicio de sesión",
        "fr": "Retour à la page de connexion",
        "de": "Zurück zur Anmeldeseite",
    },
}
