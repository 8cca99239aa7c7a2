import type { TemplateName } from '../catalog.js';
import { button, muted, p, table, when, type LayoutWords, type TemplateSpec } from './layout.js';
import { partials } from './partials.js';

/** The shipped German messages: the same blocks and variables as en.ts, in German. */

export const DE_WORDS: LayoutWords = { lang: 'de', footer: 'Diese Nachricht zu Ihrer Bestellung {{ order.name }} kommt von {{ shop.name }}.', portal: 'Bestellung ansehen' };

const greeting = 'Hallo{% if customer.name %} {{ customer.name }}{% endif %},';
const { orderLines, address, tracking, items, returnLines } = partials({ total: 'Gesamt', shippingTo: 'Lieferadresse', track: 'Sendung verfolgen', trackingNumbers: 'Sendungsnummer{% if shipment.tracking_numbers.size > 1 %}n{% endif %}', inParcel: 'In diesem Paket' });

export const DE: Record<TemplateName, TemplateSpec> = {
  order_confirmation: {
    subject: 'Bestellung {{ order.name }} bestätigt',
    heading: 'Vielen Dank für Ihre Bestellung{% if customer.name %}, {{ customer.name }}{% endif %}!',
    blocks: [p('Wir haben Ihre Bestellung <strong>{{ order.name }}</strong> erhalten und geben Ihnen Bescheid, sobald sie versandt wird.'), orderLines, address],
  },
  order_edited: {
    subject: 'Bestellung {{ order.name }} wurde geändert',
    heading: 'Ihre Bestellung wurde geändert',
    blocks: [
      p(greeting),
      p('Wir haben Ihre Bestellung <strong>{{ order.name }}</strong> so geändert:'),
      table(
        'edit.changes',
        'change',
        "{% case change.type %}{% when 'add_line' %}Hinzugefügt: {{ change.title }}{% when 'remove_line' %}Entfernt: {{ change.title }}{% when 'change_quantity' %}Menge von {{ change.title }}{% when 'change_variant' %}Artikel geändert: {{ change.title }}{% when 'change_shipping_address' %}Neue Lieferadresse{% when 'change_shipping_method' %}Neue Versandart{% when 'add_discount' %}Rabatt{% else %}{{ change.title }}{% endcase %}",
        '{% if change.before != blank %}{{ change.before }} → {% endif %}{{ change.after }}',
      ),
      p('Gesamt vorher: {{ edit.total_before }}. Gesamt jetzt: <strong>{{ edit.total_after }}</strong>.'),
      when('edit.refund_owed', [p('Wir erstatten Ihnen {{ edit.refund_owed }} auf dem Weg, auf dem Sie bezahlt haben.')]),
      when('edit.amount_due', [p('Noch offen: {{ edit.amount_due }}.')]),
      orderLines,
      address,
    ],
  },
  order_cancelled: {
    subject: '{% if cancellation.partial %}Ein Teil der Bestellung {{ order.name }} wurde storniert{% else %}Bestellung {{ order.name }} wurde storniert{% endif %}',
    heading: '{% if cancellation.partial %}Ein Teil Ihrer Bestellung wurde storniert{% else %}Ihre Bestellung wurde storniert{% endif %}',
    blocks: [
      p(greeting),
      when(
        'cancellation.partial',
        [p('Diese Artikel der Bestellung <strong>{{ order.name }}</strong> wurden storniert:'), table('cancellation.lines', 'line', '{{ line.quantity }} × {{ line.title }}'), p('Der Rest Ihrer Bestellung wird wie geplant bearbeitet. Neuer Gesamtbetrag: {{ order.total }}.')],
        [p('Ihre Bestellung <strong>{{ order.name }}</strong> wurde storniert.')],
      ),
      p('Falls Ihnen das Stornierte ({{ cancellation.amount }}) bereits berechnet wurde, erstatten wir es auf dem Weg, auf dem Sie bezahlt haben.'),
    ],
  },
  backorder_notice: {
    subject: 'Einige Artikel der Bestellung {{ order.name }} kommen später',
    heading: 'Einige Artikel kommen später',
    blocks: [
      p(greeting),
      p('Vielen Dank für Ihre Bestellung <strong>{{ order.name }}</strong>. Diese Artikel sind gerade nicht vorrätig; wir senden sie, sobald sie eintreffen:'),
      table('backorder.lines', 'line', '{{ line.quantity }} × {{ line.title }}', '{% if line.expected_date %}erwartet am {{ line.expected_date }}{% else %}Termin folgt{% endif %}'),
      when('backorder.expected_date', [p('Wir rechnen damit, alles bis {{ backorder.expected_date }} zu versenden.')]),
      muted('Alles andere wird wie gewohnt versandt. Wenn Sie nicht warten möchten, antworten Sie auf diese Nachricht; wir stornieren dann die fehlenden Artikel.'),
    ],
  },
  shipping_confirmation: {
    subject: 'Bestellung {{ order.name }} ist unterwegs',
    heading: 'Ihre Bestellung ist unterwegs',
    blocks: [
      p('Ihre Bestellung <strong>{{ order.name }}</strong> wurde mit {{ shipment.carrier_name }} versandt{% if shipment.promised_delivery_date %} und sollte bis {{ shipment.promised_delivery_date }} ankommen{% endif %}.'),
      ...tracking,
      items,
      address,
    ],
  },
  out_for_delivery: {
    subject: 'Bestellung {{ order.name }} kommt heute',
    heading: 'Ihr Paket ist in Zustellung',
    blocks: [p('{{ shipment.carrier_name }} stellt Ihr Paket aus Bestellung <strong>{{ order.name }}</strong> heute zu.'), ...tracking, address],
  },
  delivered: {
    subject: 'Bestellung {{ order.name }} wurde zugestellt',
    heading: 'Ihr Paket wurde zugestellt',
    blocks: [
      p('{{ shipment.carrier_name }} hat Ihr Paket aus Bestellung <strong>{{ order.name }}</strong> zugestellt{% if shipment.delivered_at %} ({{ shipment.delivered_at }}{% if shipment.location %}, {{ shipment.location }}{% endif %}){% endif %}.'),
      when('shipment.days_late > 0', [p('Es kam {{ shipment.days_late }} Tag{% if shipment.days_late > 1 %}e{% endif %} später als versprochen. Bitte entschuldigen Sie die Wartezeit.')]),
      ...tracking,
      muted('Falls Sie es nicht finden, antworten Sie auf diese Nachricht; wir helfen Ihnen.'),
      p('Wie wahrscheinlich ist es, dass Sie {{ shop.name }} einem Freund empfehlen? Eine Frage, ein Klick:'),
      button('survey.url', 'Frage beantworten'),
    ],
  },
  delivery_exception: {
    subject: 'Verzögerung bei Bestellung {{ order.name }}',
    heading: 'Ihr Paket verzögert sich',
    blocks: [
      p('{{ shipment.carrier_name }} meldet ein Problem bei der Zustellung Ihres Pakets aus Bestellung <strong>{{ order.name }}</strong>{% if shipment.description %}: {{ shipment.description }}{% endif %}.'),
      when('shipment.promised_delivery_date', [p('Es kann nach dem versprochenen Termin ({{ shipment.promised_delivery_date }}) ankommen.')]),
      p('Die meisten Verzögerungen lösen sich in ein bis zwei Tagen; Sie können das Paket über den Link verfolgen.'),
      ...tracking,
    ],
  },
  delivery_late: {
    subject: 'Bestellung {{ order.name }} verspätet sich',
    heading: 'Ihr Paket verspätet sich',
    blocks: [
      p(greeting),
      p('Wir hatten Ihr Paket aus Bestellung <strong>{{ order.name }}</strong> für den {{ shipment.promised_delivery_date }} zugesagt, und {{ shipment.carrier_name }} hat es noch nicht zugestellt. Entschuldigen Sie bitte die Wartezeit.'),
      when('shipment.new_estimated_delivery_date', [p('{{ shipment.carrier_name }} erwartet die Zustellung jetzt am <strong>{{ shipment.new_estimated_delivery_date }}</strong>.')]),
      p('Sie können das Paket über den Link verfolgen; wir sagen Ihnen Bescheid, wenn es angekommen ist.'),
      ...tracking,
    ],
  },
  return_requested: {
    subject: 'Ihre Rücksendeanfrage zu Bestellung {{ order.name }}',
    heading: 'Rücksendung angefragt',
    blocks: [p(greeting), p('Wir haben Ihre Anfrage erhalten, diese Artikel der Bestellung <strong>{{ order.name }}</strong> zurückzusenden (Rücksendung {{ return.id }}):'), returnLines, p('Sobald die Rücksendung genehmigt ist, sagen wir Ihnen, wie Sie die Artikel zurückschicken.')],
  },
  return_approved: {
    subject: '{% if return.label %}Ihr Rücksendeetikett für Bestellung {{ order.name }}{% else %}Ihre Rücksendung zu Bestellung {{ order.name }} ist genehmigt{% endif %}',
    heading: 'Ihre Rücksendung ist genehmigt',
    blocks: [
      p(greeting),
      p('Ihre Rücksendung {{ return.id }} zu Bestellung <strong>{{ order.name }}</strong> ist genehmigt:'),
      returnLines,
      when(
        'return.label',
        [p('Ihr Rücksendeetikett von {{ return.label.carrier_name }} ist bereit (Sendungsnummer {{ return.label.tracking_number }}).'), button('return.label.url', 'Rücksendeetikett herunterladen')],
        [p('Bitte verpacken Sie die Artikel sicher; Ihr Rücksendeetikett oder Ihren Abgabecode senden wir Ihnen separat.')],
      ),
    ],
  },
  return_received: {
    subject: 'Ihre Rücksendung zu Bestellung {{ order.name }} ist angekommen',
    heading: 'Ihre Rücksendung ist angekommen',
    blocks: [p(greeting), p('Ihre Rücksendung {{ return.id }} zu Bestellung <strong>{{ order.name }}</strong> ist bei uns angekommen:'), returnLines, p('Wir prüfen die Artikel und melden uns zu Ihrer Erstattung oder Ihrem Umtausch.')],
  },
  refund_issued: {
    subject: 'Ihre Erstattung von {{ refund.amount }} zu Bestellung {{ order.name }}',
    heading: 'Ihre Erstattung ist unterwegs',
    blocks: [p(greeting), p('Wir haben Ihnen <strong>{{ refund.amount }}</strong> für Bestellung <strong>{{ order.name }}</strong> auf dem Weg erstattet, auf dem Sie bezahlt haben.'), muted('Je nach Bank oder Karte kann es einige Werktage dauern, bis der Betrag sichtbar ist.')],
  },
  exchange_shipped: {
    subject: 'Ihr Umtausch zu Bestellung {{ order.name }} ist unterwegs',
    heading: 'Ihr Umtausch ist unterwegs',
    blocks: [
      p('Der Ersatz für Ihre Rücksendung {{ exchange.return_id }} (Bestellung <strong>{{ order.name }}</strong>) wurde mit {{ shipment.carrier_name }} versandt{% if shipment.promised_delivery_date %} und sollte bis {{ shipment.promised_delivery_date }} ankommen{% endif %}.'),
      ...tracking,
      items,
      address,
    ],
  },
  verification_request: {
    subject: 'Bitte bestätigen Sie Ihre Bestellung {{ order.name }}',
    heading: 'Bitte bestätigen Sie Ihre Bestellung',
    blocks: [
      p('Bevor wir Ihre Bestellung <strong>{{ order.name }}</strong> ({{ order.total }}) versenden, bitten wir Sie zu bestätigen, dass Sie sie aufgegeben haben.'),
      button('verification.url', 'Ja, ich habe diese Bestellung aufgegeben'),
      muted('Der Link gilt bis {{ verification.expires_at }} UTC. Wenn Sie diese Bestellung nicht aufgegeben haben, müssen Sie nichts tun: sie wird nicht versandt.'),
    ],
  },
  review_notice: {
    subject: 'Bestellung {{ order.name }}: eine kurze Prüfung vor dem Versand',
    heading: 'Eine kurze Prüfung vor dem Versand',
    blocks: [
      p(greeting),
      p('Vielen Dank für Ihre Bestellung <strong>{{ order.name }}</strong>. Bevor sie versandt wird, prüft unser Team kurz einige Angaben, wie bei manchen Bestellungen üblich.'),
      p('Sie müssen nichts tun. Wir schreiben Ihnen, sobald sie versandt ist; falls wir etwas von Ihnen brauchen, fragen wir nach.'),
      orderLines,
    ],
  },
};
