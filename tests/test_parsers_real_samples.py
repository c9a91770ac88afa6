"""Every REAL sample in tests/fixtures, every field it states, asserted with exact values.

Expected values were read from the files themselves (the XML/HTML/text as printed; the two PDFs
through their page images and an independent extractor, poppler's `pdftotext`), never copied
from this project's parser output. See tests/fixtures/PROVENANCE.md for where each file comes from.

Rules these texts follow (the parsers state them too):
- item texts: the lines of a paragraph joined by one space, paragraphs separated by a blank line
  ("\n\n"). In XML a paragraph is an `<al>`, in HTML a `<p>`; a PDF has no paragraph markup, so
  there vertical space on the page separates paragraphs (a page break does not). These typeset
  PDFs put no space between the paragraphs of one answer, which so comes out as one paragraph.
- hyphens: only a hyphen at the end of a printed line can be a hyphenation. Before a lower-case
  letter it is dropped ("hulpaan-" / "bod"), unless the next word is a conjunction
  ("onderzoeks- en leeragenda"); a hyphen inside a line always stays.
- FOOTNOTES: footnote texts are not part of an item. A footnote MARKER (the superscript number)
  is removed from the text when the document's own footnote area lists that number ("«code
  zwart» is?¹" → "«code zwart» is?"); where the footnote text is absent (a truncated page text)
  nothing tells a marker from a number, and the text is kept as the file has it ("?»1").
- page furniture (running heads, footers, page numbers, ISSN line, the id in the margin) is
  not part of any text.

Fields a file states that `Document` does not model (left alone on purpose): categories
(`OVERHEID.category`/`dcterms:subject`), language, organisation type, `datumTijdstipWijziging*`,
the record timestamps, the addressee's personal name in old titles ("dhr. Van der Ploeg").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from pipeline.ingest import IngestOptions, run_ingest
from replay.server import ReplayServer
from schemas.document import AanhangselRef, Conflict, Document, Item, Minister, ParseError, Person, Topic
from scrapers.merge import merge_documents
from scrapers.parse_any import parse_bytes
from scrapers.parse_metadata import NotKamervragen
from scrapers.texts import combine
from warehouse.db import connect

FIXTURES = Path(__file__).parent / "fixtures"
PLOOI_SRU = "sru-response.plooi-integrationtest.mocked-urls.xml"
MOCK = "http://__MOCK_SERVICE__/repository.overheid.nl/frbr/officielepublicaties"


def parse_all(name: str) -> list[Document | ParseError]:
    return list(parse_bytes((FIXTURES / name).read_bytes(), name=name))


def parse_one(name: str) -> Document:
    docs = [r for r in parse_all(name) if isinstance(r, Document)]
    assert len(docs) == 1, docs
    return docs[0]


def people(doc: Document) -> list[tuple[str, str | None]]:
    return [(p.name, p.party) for p in doc.submitters]


def ministers(doc: Document) -> list[tuple[str | None, str | None, str | None]]:
    return [(a.name, a.function, a.ministry) for a in doc.answered_by]


def assert_fields(doc: Document, **expected: object) -> None:
    """Every listed field exactly; fields not listed must be empty (None / [] / {})."""
    checked = {"content_sha256", "source", "items"}
    for name in Document.__dataclass_fields__:
        if name in checked:
            continue
        value = getattr(doc, name)
        if name in expected:
            assert value == expected[name], (name, value)
        else:
            assert value in (None, [], {}), (name, value)
    assert not set(expected) - set(Document.__dataclass_fields__), set(expected)



ITEMS_3235 = [
    ('Klopt het dat de Tijdelijke overbruggingsregeling zelfstandig ondernemers (TOZO) en het Besluit bijstandverlening zelfstandigen (BBZ)-krediet beide voor zelfstandige ondernemers bedoeld zijn, beide een lening zijn uitgevoerd door gemeenten, maar beide wel een ander rentepercentage kennen?',
     'Ja. Volledigheidshalve merk ik op dat beide vormen van kredietverstrekking, behalve overeenkomsten, ook belangrijke verschillen kennen. Zo kent de Tozo-lening bijvoorbeeld een beperkter doel van de lening en een beperktere doelgroep, een beperktere omvang van de maximale lening en een beperktere looptijd dan de lening op grond van het Besluit bijstandverlening zelfstandigen 2004 (Bbz).'),
    ('Kunt u toelichten waarom het rentepercentage voor de TOZO-lening op 2% is gesteld?',
     'Bij de invoering van de Tozo is toegelicht waarom de hoogte van de rente is bepaald op 2% (Staatsblad 2020, 118). Bij de keuze voor de rente van 2% in het kader van geldleningen op grond van de Tozo is aangesloten bij het rentepercentage dat Qredits Microfinanciering Nederland (Qredits) hanteert voor het Corona Overbruggingskrediet in het kader van de tijdelijke noodmaatregelen. Qredits ondersteunt – gesubsidieerd vanuit het Rijk – in aanmerking komende ondernemingen via het Corona Overbruggingskrediet, waarbij de rente het eerste jaar 2% is en daarna 5,75%.'),
    ('Kunt u toelichten waarom het rentepercentage voor BBZ-krediet op 8% is gesteld?',
     'Bij de hoogte van de rente in het Bbz geldt als uitgangspunt dat deze rente marktconform is en het niveau van de bankrente voor zakelijke kredieten volgt. De bijstand is aanvullend op voorliggende voorzieningen. Voor de zelfstandig ondernemer betekent dit dat een beroep op bijstand in de vorm van een lening voor bedrijfskapitaal niet mogelijk is indien via andere regelingen of instellingen, waaronder banken en Qredits, leningen kunnen worden aangetrokken. Het Bbz geldt als laatste vangnet. Het gaat hierbij om hoge risico’s en er zijn veelal geen mogelijkheden tot het stellen van zekerheden dat wordt terugbetaald. In artikel 15 van het Bbz is de hoogte van de rente marktconform vastgesteld op 8 procent. Het in het Bbz voorgeschreven rentepercentage is ongeveer gelijk aan het rentepercentage dat Qredits hanteert bij leningen voor bedrijfskapitaal.'),
    ('In hoeverre bent u van mening dat het verschil tussen die twee rentepercentages moeilijk uit te leggen is aan een ondernemer?',
     'Zie de antwoorden op de vragen 2 en 3 voor een toelichting op het verschil. Het Bbz is een structurele regeling voor zelfstandigen die door specifieke omstandigheden omtrent hun bedrijf geen krediet bij banken kunnen krijgen. Een lagere rente hanteren in het Bbz zou leiden tot bezwaren inzake staatssteun en concurrentievervalsing. De Tozo is een tijdelijke noodregeling voor zelfstandigen die als gevolg van de coronacrisis worden geconfronteerd met een liquiditeitsprobleem. De Tozo dient ter overbrugging van de coronacrisis die niet als normaal ondernemersrisico kan worden aangemerkt. Ik acht het daarom goed uitlegbaar dat alleen in de Tozo een lagere, niet marktconforme rente wordt gehanteerd.'),
    ('In hoeverre bent u van mening dat een rentepercentage van 8% disproportioneel is in een markt waarin rentepercentages onder de 0 duiken?',
     'Negatieve rentepercentages komen op de markt van zakelijke bedrijfskredieten met hoge risico’s zonder zekerheden niet voor. Een marktconforme rente van 8% acht ik niet disproportioneel.'),
    ('In hoeverre bent u van mening dat het voor ondernemers die een BBZ-krediet hebben enorm wrang is om te constateren dat zij met een TOZO-lening slechts 2% hadden kunnen betalen?',
     'Bbz-gerechtigden kunnen, indien zij als gevolg van de coronacrisis worden geconfronteerd met een liquiditeitsprobleem, net als andere zelfstandig ondernemers in aanmerking komen voor een lening voor bedrijfskapitaal op grond van de Tozo met een rente van 2%.'),
    ('Bent u bekend met het feit dat BBZ-kredieten vaak door gemeenten als gift worden toegekend en om die reden een percentage van 8% nog minder verdedigbaar is?',
     'Het in de vraagstelling geschetste beeld dat gemeenten «vaak» Bbz-kredieten verstrekken als gift herken ik niet. In de regel gaat het bij Bbz-kredieten om rentedragende leningen, waarbij de hoogte van de rente wettelijk is vastgesteld op 8 procent. Verstrekking van een Bbz-krediet in de vorm van bedrag om niet, ofwel een gift, kan slechts plaatsvinden in de situatie zoals beschreven in artikel 22 van het Bbz 2004. Het gaat daarbij om een relatief klein Bbz-krediet, namelijk tot maximaal 10.271 euro, dat uitsluitend kan worden verstrekt aan een gevestigde zelfstandige van wie het inkomen duurzaam lager is dan het toepasselijke sociaal minimum en van wie het vermogen minder bedraagt dan 197.687 euro.'),
    ('Klopt het dat gemeenten verplicht zijn om 8% rente in rekening te brengen bij het verstrekken van BBZ-krediet?',
     'Ja. De hoogte van de rente op rentedragende leningen op grond van het Bbz bedraagt in alle gevallen 8%.'),
    ('Bent u bereid het rentepercentage van het BBZ-krediet te verlagen naar het percentage van de TOZO-lening van 2%?',
     'Ik hecht eraan dat er in het kader van het reguliere Bbz een marktconforme rente wordt gehanteerd voor rentedragende leningen. Het structureel hanteren van een lagere, niet marktconforme rente dient te worden aangemerkt als staatssteun en kan leiden tot concurrentievervalsing.\n\nBovendien kent het Bbz, anders dan de Tozo, reeds de mogelijkheid om in beperkt aantal situaties over te gaan tot de verlening van bijstand in de behoefte aan bedrijfskapitaal als renteloze lening of als bijstand om niet.'),
]
TEXTS_1314 = {
    'Vraag 1': 'Heeft u kennisgenomen van het artikel «Kritiek op besluit provincie Friesland tegen actief regenboogbeleid»?',
    'Antwoord 1': 'Ja.',
    'Vraag 2': 'Zijn de voorwaarden waaraan een provincie moet voldoen om zich regenboogprovincie te mogen noemen, vastgelegd? Zo ja, waar en wat zijn die voorwaarden? Zo nee, kunt u voor die voorwaarden zorgen?',
    'Antwoord 2': 'De regenboogprovincies zijn een initiatief van de provincies zelf en daarmee is ook de invulling hiervan en de financiering aan de provincies zelf. OCW heeft hierin dus geen voorwaardenscheppende rol. Dat neemt niet weg dat ik dit initiatief van de provincies als Minister van OCW van harte ondersteun. Daarom heb ik een financiële bijdrage geleverd aan kennisinstituut Movisie waarmee zij onder meer uitwisseling van kennis en verbinding tussen de regenboogprovincies faciliteren.',
    'Vraag 3, 4 en 5': 'Deelt u de mening dat als een provincie het predicaat regenboogprovincie heeft die provincie dan ook een actief «regenboogbeleid» zou moeten voeren waaronder het actief inzetten voor onder meer de veiligheid en acceptatie van de lhbti-gemeenschap? Zo ja, waarom? Zo nee, waarom niet en wat is de waarde van dat predicaat dan nog? Deelt u de mening dat regenboogprovincies in het kader van de acceptatie en de veiligheid van de lhbti-gemeenschap een regierol hebben te vervullen om inclusie en diversiteit actief te bevorderen in de regio en initiatieven te verbinden? Zo ja, kunt u dan met de provincie Fryslân in overleg treden over hoe die rol wel kan worden ingevuld? Zo nee, waarom niet? Kent u de Inventarisatie Regenboogbeleid Regenboogprovincies? Zo ja, deelt u de mening dat u een sturender rol moet gaan spelen om te zorgen dat provincies hun rol als aanjager van initiatieven en verbinder voor het bevorderen van de veiligheid en acceptatie van de lhbti-gemeenschap nog beter waar gaan maken? Zo nee, waarom niet?',
    'Antwoord 3, 4 en 5': 'Het is van groot belang dat iedereen in Nederland, dus ook lhbtiq+ personen, zich veilig en geaccepteerd weten. Iedereen moet de ruimte en vrijheid krijgen om zichtbaar en openlijk zichzelf te kunnen zijn, zonder negatieve invloed van seksuele en gendernormen en zonder geconfronteerd te worden met verbaal of fysiek geweld. Dat kan ik niet alleen bereiken. Ik ben dan ook verheugd met het feit dat in de periode van 2016 tot 2020 alle provincies Regenboogprovincie zijn geworden. Uit de nieuwe Inventarisatie Regenboogbeleid Regenboogprovincies 2022 blijkt ook dat provincies steeds concreter invulling geven aan lhbtiq+ beleid. Bij veel provincies staat lhbtiq+ acceptatie en veiligheid dus hoog op de agenda. Ik werk hierin graag samen met de provincies, maar zoals gezegd is de invulling van het regenboogbeleid uiteindelijk aan de provincies zelf.',
    'Vraag 6': 'Kunt u inzichtelijk maken hoeveel meldingen de afgelopen drie jaar bij de Antidiscriminatievoorzieningen in Fryslân zijn gemaakt van discriminatie, uitsluiting dan wel onveiligheid van de lhbti-gemeenschap en hoeveel meldingen en aangiftes bij de politie?',
    'Antwoord 6': 'Bijgaande cijfers zijn aangeleverd door Discriminatie.nl/Fryslân/Tumba:\n\nMeldingen Tumba, kenniscentrum discriminatie en diversiteit Grond Meldingen in 2021 Meldingen in 2022 Meldingen in 2023\n\nGeslacht(Trans) 2 3 6 Seksuele gerichtheid 10 14 34\n\nTOTAAL 12 17 40\n\nMeldingen en/of aangiftes bij politie Fryslân (beledigende uitingen (zoals h*mo of f*kker naar politieagenten zijn ook meegenomen in de cijfers)) Grond Meldingen in 2021 Meldingen in 2022 Meldingen in 2023\n\nSeksuele gerichtheid 66 73 74',
}
TEXTS_2271 = {
    'Vraag 1': 'Bent u bekend met de opmerkingen van uw ambtsvoorgangers die diverse keren in Kamerdebatten, schriftelijke vragen, media-optredens en het vragenuur aangeven dat de hulp aan mensen met een eetstoornis vele malen beter moet en dat er zelfs door een van uw voorgangers is gezegd dat het «code zwart» is?',
    'Antwoord 1': 'Ja.',
    'Vraag 2': 'Wat is er sinds deze duidelijke kwalificatie in 2021 gedaan om het hulpaanbod te verbeteren? Kunt u dit zo concreet mogelijk beschrijven?',
    'Antwoord 2': 'In 2020 is op initiatief van partijen in het veld gestart met de ketenaanpak eetstoornissen (hierna: K-EET) voor jongeren, gesubsidieerd door het Ministerie van VWS. In deze aanpak werken kinderartsen, psychologen en psychiaters samen met ouders en jongeren om de zorg rondom eetstoornissen voor jongeren te verbeteren. In de afgelopen jaren is het netwerk van K-EET steeds verder uitgebreid. Met behulp van K-EET zijn acht bovenregionale landelijk dekkende netwerken opgezet waarin zorgprofessionals intensief samenwerken, kennis uitwisselen en casuïstiek bespreken. Inmiddels zijn deze acht netwerken geborgd in de bovenregionale expertisenetwerken jeugd (zie vraag 5). Vanuit deze netwerken worden ook scholingsbijeenkomsten georganiseerd om de zorgstandaard eetstoornissen beter onder de aandacht te brengen bij professionals. K-EET heeft daarnaast actief geïnvesteerd in voorlichting en het laagdrempelig delen van kennis op het gebied van eetstoornissen. Zo is de website First Eet Kit opgezet. Hier kunnen jongeren, hun ouders en naasten en zorgprofessionals informatie vinden over eetstoornissen, tips om een eetstoornis te herkennen en hoe je iemand het beste kan ondersteunen, en uitleg over hoe je hulp kan vinden. Daarnaast is er een advieslijn die eerstelijnsprofessionals, zoals bijvoorbeeld huisartsen, dagelijks kunnen bellen om direct met een specialist op het gebied van eetstoornissen te overleggen wanneer zij een vraag hebben over een patiënt met een (mogelijke) eetstoornis. En er is een interactieve kaart gemaakt waar zorgaanbieders – zowel op het gebied van behandeling als begeleiding – hun aanbod zichtbaar kunnen maken voor professionals die passende hulp zoeken. Ook heeft K-EET ingezet op het ontwikkelen van pilots. VIBES, vroeginterventie bij eetstoornissen, is daarvan een voorbeeld en biedt een handvat om kinderen met een beginnende eetstoornis zo snel mogelijk te ondersteunen. Door bovenstaande activiteiten wordt ook samenwerking tussen professionals gestimuleerd. Daarnaast is op basis van signalen over toename van het aantal crisismeldingen en escalerende problematiek als gevolg van corona, waaronder eetstoornissenproblematiek, in 2021 € 50 miljoen extra beschikbaar gesteld voor de acute jeugd ggz. Doel van deze middelen was het realiseren van tijdelijke uitbreiding van ambulante en klinische crisiscapaciteit en het verminderen van de druk op de acute jeugd-ggz. Deze middelen zijn via acht coördinerende gemeenten uitgekeerd aan 28 aanbieders en konden tot einde 2023 ingezet worden. U bent met de Kamerbrief van 21 juni 2024 geïnformeerd over de besteding van deze middelen.',
    'Vraag 3': 'Hoeveel extra behandelaren voor eetstoornissen zijn er gekomen? Hoeveel extra behandelcentra of -plekken? Hoeveel meer jongeren (onder de 18) en volwassenen (boven de 18) worden jaarlijks extra geholpen ten opzichte van 2019 en 2021?',
    'Antwoord 3': 'Deze cijfers worden niet landelijk bijgehouden. Het is dan ook niet bekend hoeveel jongeren worden geholpen voor een specifieke stoornis of aandoening, en evenmin hoeveel behandelaren of plekken er zijn voor jongeren met een eetstoornis. Dit geldt ook voor volwassenen.',
    'Vraag 4': 'Bent u tevreden met wat er de afgelopen jaren is gedaan en is bereikt?',
    'Antwoord 4': 'De afgelopen jaren zijn veel stappen in de goede richting gezet, maar eetstoornissen betreffen hardnekkige en complexe problematiek. Voor de meerderheid van de jongeren en volwassenen met een eetstoornis is de beschikbare zorg passend. Voor een kleiner deel van de jongeren en volwassenen blijkt het ingewikkeld tijdig passende zorg te bieden. Dit kan komen omdat een eetstoornis soms pas laat wordt herkend of erkend. Maar ook omdat een deel van deze jongeren en volwassenen met meerdere problemen tegelijkertijd te maken hebben, zoals bijvoorbeeld suïcidaliteit, trauma, somatische problemen, of autisme. Deze aandoeningen kunnen elkaar versterken of afwisselen, waardoor behandeling vanuit meerdere expertises en zorgprofessionals nodig is.',
    'Vraag 5': 'Wat is er concreet gedaan met het gespecialiseerde hulpaanbod, waaronder betere hulp aan eetstoornissen in de expertisecentra/netwerken die door het amendement Klaver-Westerveld opgericht zouden worden?',
    'Antwoord 5': 'Mijn voorganger heeft op 21 juni jl. een voortgangsbrief Jeugd naar de Tweede Kamer gestuurd waarin hij is ingegaan op de stand van zaken rond de bovenregionale expertisenetwerken (hierna: BENs). Als bijlage bij deze brief was de voortgangsrapportage over de BENs toegevoegd, met daarin een groot aantal voorbeelden van wat concreet gedaan is met het gespecialiseerde hulpaanbod. Ik verwijs voor het antwoord op deze vraag naar die brief.',
    'Vraag 6': 'Wat is er concreet gedaan met de bevindingen en aanbevelingen uit het rapport «Preventie en vroege behandelingen van eetstoornissen» van de Gezondheidsraad? Kunt u dit per aanbeveling uiteen zetten?',
    'Antwoord 6': 'Mijn voorganger heeft u in september 2022 een uitgebreide beleidsreactie gestuurd op het advies van de Gezondheidsraad en daarin ook aangegeven dat een aanzienlijk deel van de adviezen vorm moet krijgen door zorgprofessionals en aanbieders. Zij zijn het beste in staat om te beoordelen hoe zij de zorg het beste kunnen leveren en wat aansluit bij de behoeften van jongeren en ouders. Het rapport kende drie hoofdadviezen: 1. De Gezondheidsraad adviseert om in te zetten op preventie en vroege behandeling van eetstoornissen Een goede mentale gezondheid is belangrijk en verkleint de kans op (psychiatrische) aandoeningen. In het vorige kabinet is daarom de aanpak «mentale gezondheid: van ons allemaal» tot stand gekomen. Daarin is ook specifiek aandacht voor de mentale gezondheid voor jongeren. U heeft eind december 2023 een voortgangsbrief ontvangen over deze aanpak. Een mooi voorbeeld is ook de aanpak STORM waar op scholen in verschillende regio’s mee gewerkt wordt. In deze aanpak leren jongeren dat zij zelf invloed hebben op hun gevoelens, stemmingen en emoties en leren ze negatieve gevoelens om te buigen naar positieve. Ook met K-EET is ingezet op preventie, zoals met de hierboven genoemde website First EET Kit, de pilot over vroeg interventies, scholingsbijeenkomsten en recent met een artikel over K-EET in het magazine van Jeugdartsen om ook professionals te ondersteunen signalen over eetstoornissen vroegtijdig te herkennen. 2. Specifieke adviezen van de Gezondheidsraad t.a.v. comorbiditeit De Gezondheidsraad geeft aan dat nog weinig wetenschappelijk onderzoek is gedaan naar de effectiviteit van behandelingen wanneer sprake is van comorbiditeit (één of meer andere aandoeningen) naast een eetstoornis. De Gezondheidsraad adviseert het veld om te werken met een transdiagnostisch model wanneer van één of meerdere (psychische) stoornissen naast een eetstoornis sprake is. Ook adviseert de Gezondheidsraad deskundigheidsbevordering te stimuleren in bovenregionele netwerken. Dit zijn adviezen die primair aan het veld zijn gericht. Vanuit K-EET waren al landelijk dekkende bovenregionale netwerken opgezet in acht regio’s, financieel ondersteund door VWS. In deze netwerken wordt actief samengewerkt en kennis uitgewisseld en daarmee wordt de deskundigheid rondom eetstoornissen verder bevorderd. 3. De Gezondheidsraad adviseert om een onderzoeksagenda op te stellen Het doen van onderzoek naar prevalentie en effectiviteit van behandelen is een taak die primair ligt bij zorgaanbieders, universitaire centra, professionals en andere betrokkenen. De Verenging van Nederlandse Gemeenten (hierna: VNG) stimuleert ook onderzoek. Alle instellingen binnen het landelijk transitie arrangement (LTA) doen onderzoek naar effectieve jeugdhulp. Een aantal topklinische ggz-instellingen houdt zich specifiek bezig met onderzoek naar de behandeling van jongeren met een eetstoornis. Ook subsidieert de VNG de een viertal academische instellingen bij hun kennisfunctie. Hier wordt o.a. onderzoek gedaan naar de effectiviteit van behandelingen. Daarnaast houden verschillende netwerken zich bezig met onderzoek, bijvoorbeeld het Topreferente eetstoornissen netwerk (TEN) en de Nederlandse Academie van Eetstoornissen (NAE). Tenslotte is met de Hervormingsagenda Jeugd een brede werkorganisatie Kwaliteit en Blijvend Leren (KBL) ingericht. In KBL wordt door partijen uit het veld gewerkt aan een gezamenlijke onderzoeks- en leeragenda.',
    'Vraag 7': 'Is het volgens u gelukt om eetstoornissen bij kinderen en jongeren in een eerder stadium te herkennen en te behandelen zoals de bedoeling was? Zo nee, hoe kan dit?',
    'Antwoord 7': 'Zoals ik in mijn antwoord op vraag 4 aangaf, zijn de afgelopen jaren goede stappen gezet. In de acht bovenregionale netwerken wordt casuïstiek besproken en is veel meer kennis beschikbaar om eetstoornissen bij kinderen en jongeren eerder te herkennen en te behandelen. De samenwerking tussen professionals rondom een jeugdige is daarmee ook verbeterd, bijvoorbeeld tussen specialisten en huisartsen of poh-ggz. Tenslotte worden regio bijeenkomsten die door K-EET worden georganiseerd voor professionals zeer goed bezocht. Daarmee wordt de kans dat een eetstoornis eerder wordt (h)erkend vergroot.',
    'Vraag 8': 'Hoe verklaart u het dat ondanks de alarmerende berichten en de heldere taal van bewindspersonen in de afgelopen jaren de wachttijd in de GGZ alleen maar is toegenomen en volgens de informatiekaart van de NZA van 11 weken in december 2022 naar 14 weken in mei 2023 naar zelfs 15 weken in december 2023 is gestegen? Is de wachttijd sinds eind 2023 verder gestegen of gedaald?',
    'Antwoord 8': 'De geestelijke gezondheidszorg staat voor een aantal grote uitdagingen. Het psychisch welbevinden van mensen blijft afnemen en daarmee ook de behoefte aan psychische zorg of ondersteuning. Dit laten ook de cijfers van de NZa zien. Tegelijkertijd is sprake van personele krapte en een daarmee samenhangend structureel capaciteitstekort. Dit alles maakt dat het terugdringen van de wachttijden geen simpele oplossing kent maar vraagt om een brede aanpak en een lange adem. Met het Integraal Zorgakkoord (IZA), het Gezond en Actief Leven Akkoord (GALA) en de Aanpak Mentale gezondheid van ons allemaal zijn daartoe de eerste stappen gezet. De meest recente wachttijdcijfers komen uit de informatiekaart die de NZa op 4 april jl. heeft gepubliceerd. Dit zijn cijfers tot en met december 2023. Na de zomer komt de NZa met nieuwe cijfers.',
    'Vraag 9': 'Wat is er concreet gebeurd toen duidelijk werd dat de wachttijd alleen maar verder toenam? Wat is uw kwalificatie aangezien uw ambtsvoorganger in 2021 al zei dat het «code zwart» was?',
    'Antwoord 9': 'Dat mensen te lang moeten wachten op de hulp die zij nodig hebben is zorgelijk en onwenselijk. Tegelijkertijd zie ik ook dat er niet één pasklare oplossing voor dit probleem is. Zoals ik in mijn antwoord op vraag 8 is het oplopen van wachttijden een resultaat van een veelheid aan factoren. Het verbeteren van de toegankelijkheid van de ggz vergt een brede aanpak, waar ik mij – evenals mijn ambtsvoorganger – hard voor maak met onder andere het IZA, het GALA, de Hervormingsagenda Jeugd en de Aanpak Mentale gezondheid van ons allemaal.',
    'Vraag 10': 'Wat gebeurt er specifiek om ouders en anderen in het directe netwerk te ondersteunen? Krijgen organisaties die zich hiermee bezig houden voldoende hulp vanuit het Ministerie van VWS?',
    'Antwoord 10': 'Vanuit K-EET is op de website First Eet Kit informatie aanwezig voor ouders en naasten van jongeren met een eetstoornis. Daar worden ook tips gegeven en verwijzingen naar relevante organisaties en websites gedeeld. Ook vanuit (ervaringsdeskundige) organisaties wordt ondersteuning aangeboden aan ouders. Een voorbeeld hiervan is de webinar «eerste hulp bij eetstoornissen» die georganiseerd wordt door stichting Kiem. Het is belangrijk dat behandelaren ouders goed betrekken bij een behandeling. Zowel in de zorgstandaard eetstoornissen, als de richtlijn samen met ouders en jeugdigen beslissen over passende hulp, wordt dit benadrukt. De zorgstandaard en richtlijn dienen als handvat voor professionals bij het uitvoeren van de zorg. Tot slot wordt de patiëntenvereniging voor eetstoornissen, WEET, financieel ondersteund door VWS via de subsidieregeling voor patiënten en gehandicaptenorganisaties.',
    'Vraag 11': 'Wat zijn uw specifieke plannen om de hulp aan jongeren en volwassenen met een eetstoornis substantieel te verbeteren de komende jaren? Welke concrete maatregelen en doelen gaat u stellen? Hoe kan de Kamer dit controleren?',
    'Antwoord 11': 'In 2023 is opnieuw een subsidie verstrekt aan K-EET. Deze loopt tot 2026 zodat kan worden doorgebouwd op de eerdere resultaten. K-EET wil de komende jaren de netwerkaanpak verder door ontwikkelen, herkenning van eetstoornissen verder verbeteren en vroege behandeling van eetstoornissen stimuleren, en nog meer kennis ontwikkelen, benutten en beschikbaar stellen.',
    'Vraag 12': 'Welk aanbod is er voor cliënten die op een wachtlijst staan? Wat kunnen zelfregiecentra op basis van ervaringsdeskundigheid hierin bieden? Kunt u in de uitwerking van onze motie (Kamerstuk 25 424, nr. 691) over structurele financiering van zelfregiecentra, ook het hulpaanbod voor mensen met een eetstoornis meenemen?',
    'Antwoord 12': 'Er zijn verschillende initiatieven om mensen gedurende de periode dat zij op een wachtlijst staan te begeleiden of ondersteunen. Voorbeelden hiervan zijn het initiatief van de «Wachtverzachter» in Dronten, de wachttijdondersteuning van Kompassie in Den Haag, de eerder genoemde website First Eet Kit, websites van ervaringsdeskundigen, verschillende zelfregie- en herstelhuizen, de pilot van GGNet in Zutphen om de wachttijden terug te dringen en webinars van Stichting Kiem. Ook bieden steeds meer ggz-aanbieders e-health aan tijdens het wachten, zoals de app Superbrains van Parnassia. De POH-ggz kan ook kortdurend cliënten met (lichte) psychische klachten begeleiden of ondersteunen. In de brief van mijn ambtsvoorganger naar aanleiding van het SO over het MIND onderzoek wachttijden ggz wordt nader op deze voorbeelden in gegaan (Kamerstuk 25 424, nr. 678). Ook verwijs ik naar de brief van 19 juni 2024 van mijn ambtsvoorganger. Daarin is aangegeven dat de «Stuurgroep Toegankelijkheid en wachttijden» is verzocht om, in afstemming met de regionale versnellers, te kijken naar mogelijkheden mensen bij verwijzing naar de ggz meer informatie te bieden over waar men in de regio terecht kan voor ondersteuning tijdens het wachten op behandeling in de ggz. Daarbij is het streven eind 2024 te starten met het aanbieden van deze informatie bij de verwijzing. Tegelijk bieden veel gemeenten een sociale kaart aan waar aanbod op het gebied van zorg en welzijn zichtbaar is. Zelfregie centra kunnen een belangrijke bijdrage leveren aan de ondersteuning van mensen die op een wachtlijst staan. In het IZA is afgesproken om in vijf jaar toe te werken naar een landelijk dekkend netwerk van laagdrempelige steunpunten en e-communities, waar iedere inwoner zonder indicatie toegang tot heeft en waar je kunt werken aan je herstel. Gemeenten kunnen voor het realiseren van deze IZA afspraak financiële middelen aanvragen. De steunpunten zijn voor een brede groep mensen toegankelijk, in de opzet en financiering van de steunpunten wordt daarom niet gestuurd op specifieke doelgroepen.',
}
ITEMS_BZK = [
    (1, 'Bent u bekend met het bericht dat steeds meer lokale bestuurders een veiligheidsscan laten uitvoeren, mede door de toename van online dreigingen?',
     'Ja, met dit bericht ben ik bekend.'),
    (2, 'Hoe beoordeelt u dat lokale bestuurders steeds vaker preventief veiligheidsscans laten uitvoeren vanwege online dreiging, en bent u het met de leden van de CDA-fractie eens dat dit wijst op een structureel en genormaliseerd veiligheidsprobleem? Zo nee, waarom niet?',
     'De veiligheidsscans voor decentrale bestuurders en de maatregelen die op basis hiervan getroffen worden zijn preventief. Bestuurders kunnen hiervan gebruik maken om hun weerbaarheid tegen dreigingen te vergroten, ook (en juist) wanneer de bestuurder nog geen agressie, intimidatie of bedreiging heeft meegemaakt. Het is dus goed dat decentrale bestuurders gebruik maken van de mogelijkheid om preventief maatregelen te laten treffen. Het is niettemin betreurenswaardig dat deze maatregelen überhaupt nodig zijn. Geweld tegen politieke ambtsdragers is niet normaal en dat moeten we ook absoluut niet normaal gaan vinden.'),
    (3, 'Over welke actuele cijfers en trends beschikt u met betrekking tot online intimidatie, bedreiging en doxing van lokale bestuurders, en hoe verhouden deze zich tot eerdere jaren?',
     'Elke twee jaar laat ik onderzoek doen naar de mate waarin lokale politieke ambtsdragers te maken krijgen met agressie en intimidatie. De uitkomsten van dit onderzoek worden gepubliceerd in de Monitor Integriteit en Veiligheid. Sinds de editie van 2022 is hierin meer aandacht voor online agressie. Daaruit blijkt dat 39% van decentrale politieke ambtsdragers te maken heeft gehad met online agressie. In 2024 bedroeg dit 37%. Dit jaar verschijnt wederom de Monitor Integriteit en Veiligheid. Vanuit politie en het Openbaar Ministerie zijn nog geen definitieve cijfers bekend over het aantal zaken van doxing van politieke ambtsdragers. Wel is dit aantal tot nu toe zeer beperkt.'),
    (4, 'Welke landelijke, structurele voorzieningen ten behoeve van preventieve veiligheidsondersteuning van lokale bestuurders zijn er beschikbaar?',
     'Vanuit het programma Weerbaar Bestuur en het Netwerk Weerbaar Bestuur zijn de volgende voorzieningen beschikbaar: · Het Netwerk Weerbaar Bestuur biedt verschillende handreikingen aan decentrale bestuurders, zoals de veiligheidspakketten voor burgemeesters, gemeentesecretarissen en griffiers, en voorbeeldprotocollen voor hoe een organisatie om moet gaan met agressie. · Het Ondersteuningsteam Weerbaar Bestuur (OTWB) bevordert de bewustwording van bestuurders, volksvertegenwoordigers en ambtenaren over het belang van weerbaarheid. Ook is het OTWB via een hulplijn 24/7 bereikbaar voor alle politieke ambtsdragers om praktische adviezen te geven. · Raadsleden, Statenleden en algemeen bestuursleden van waterschappen kunnen bij het Centrum voor Criminaliteitspreventie en Veiligheid (CCV) een veiligheidsscan aanvragen. Decentrale bestuurders kunnen ook bij het CCV een beveiligingsadvies op maat aanvragen. Deze worden beiden door mijn ministerie gefinancierd.'),
    (5, 'Kunt u toelichten in hoeverre veiligheidsscans en de opvolging daarvan landelijk uniform zijn ingericht, of dat sprake is van versnippering in kwaliteit en aanpak?',
     'Door de Regeling veilig wonen kunnen decentrale bestuurders sinds 1 januari 2024 een beveiligingsadvies op maat krijgen. Deze beveiligingsadviezen worden uitgevoerd door het CCV en gefinancierd door mijn ministerie. Veiligheidsexperts van het CCV werken volgens een uniform en zorgvuldig vastgesteld proces, van veiligheidsgesprek en woningschouw tot en met het opstellen van een adviesrapport. De CCV-adviseur spreekt met de bestuurder en diens werkgever en betrekt relevante openbroninformatie. Deze gecombineerde informatie vormt de basis voor het risicoprofiel en voor preventieve beveiligingsmaatregelen voor de individuele bestuurder. Er is in de advisering ruimte voor maatwerk. De experts bezien per situatie welke preventieve maatregelen passend en noodzakelijk zijn. Het rapport wordt door de Beveiligingsautoriteit van mijn ministerie getoetst op proportionaliteit en vervolgens vastgesteld. De uitvoering van het advies ligt bij de bestuurder en diens werkgever.'),
    (6, 'Hoe wordt voorkomen dat de mate van bescherming tegen online dreiging afhankelijk is van de grootte, financiële middelen of bestuurskracht van een gemeente?',
     'Het is belangrijk dat alle gemeenten weerbaar zijn tegen de verschillende vormen van oneigenlijke druk, ongeacht de grootte, financiële middelen of bestuurskracht. Ik heb daarom aandacht voor de positie van kleinere gemeenten. Zo gaat het Ondersteuningsteam Weerbaar Bestuur langs alle gemeenten, provincies en waterschappen om de bewustwording over risico’s en omgang met (online) agressie en intimidatie onder politici te vergroten, is het Netwerk Weerbaar Bestuur erop ingericht om kennisuitwisseling en regionale samenwerking tussen grote en kleinere gemeenten te stimuleren en bestaat er een speciale meerjarige decentralisatie-uitkering om de slagkracht van kleinere gemeenten tegen oneigenlijke druk te vergroten. Ook is bij de toekenning van de middelen via de decentralisatie-uitkering voor veiligere vergaderingen rekening gehouden met het inwoneraantal van de betreffende gemeenten en provincies, waarbij kleinere gemeenten relatief meer ontvangen.'),
    (7, 'Welke signalen heeft u dat aanhoudende online dreiging leidt tot zelfcensuur, terughoudendheid of aangepast optreden van lokale bestuurders?',
     'Vanuit de media, gesprekken met lokale bestuurders en cijfers uit de Monitor Integriteit en Veiligheid ontvang ik signalen dat alle vormen van agressie verschillende negatieve effecten hebben. De effecten lopen uiteen van verminderd werkplezier tot aangepast social media gebruik en het zich niet meer kandideren voor een volgende bestuursperiode. Dit is onacceptabel. Bestuurders moeten vrij hun werk kunnen doen. Het is belangrijk dat bij aanhoudende online dreiging de organisatie en de politie worden ingeschakeld, zodat er bijvoorbeeld stopgesprekken plaatsvinden en eventueel strafrechtelijk kan worden opgetreden.'),
    (8, 'In hoeverre ziet u risico’s voor de instroom, het behoud en het functioneren van lokale bestuurders, en daarmee voor de continuïteit en kwaliteit van het lokaal bestuur?',
     'Agressie en bedreigingen zijn een grote aantasting van het ongestoord functioneren van de lokale democratie. Toch komt uit onderzoek niet eenduidig naar voren dat politieke ambtsdragers hun ambt neerleggen vanwege agressie en bedreigingen. Ook noemen politieke partijen agressie en intimidatie niet als de belangrijkste reden waarom het lastig is om nieuwe kandidaten te vinden.\n\nEen overgrote meerderheid van de politieke ambtsdragers die te maken krijgt met agressie ervaart hierdoor negatieve gevolgen. Dit tast de integriteit van het openbaar bestuur aan en daarom moeten we politieke ambtsdragers hierbij zo goed mogelijk ondersteunen.'),
    (9, 'Hoe is de samenwerking tussen gemeenten, politie en het Openbaar Ministerie ingericht bij signalen die voortkomen uit veiligheidsscans, en acht u deze samenwerking toereikend?',
     'Signalen uit het adviesrapport van het CCV kunnen voor de bestuurder en/of werkgever aanleiding zijn voor contact met de lokale politie of het Openbaar Ministerie. Het is aan de vaste partners binnen de lokale veiligheidsdriehoek zelf om hierover waar nodig met elkaar in contact te treden. Er zijn mij geen signalen bekend dat dit niet goed verloopt. Daarnaast kan de Beveiligingsautoriteit van BZK naar aanleiding van een casus van een lokale bestuurder afstemming zoeken met de Politie of het OM om te bezien of eventuele aanvullende inzet te realiseren is.'),
    (10, 'Bent u bereid te bezien of een meer structurele landelijke aanpak, bijvoorbeeld via uniforme standaarden, centrale ondersteuning of aanvullende regelgeving, nodig is om lokale bestuurders beter te beschermen tegen online intimidatie en bedreiging?',
     'Hoewel er ruime mogelijkheden zijn om strafrechtelijk te kunnen optreden tegen intimidatie van lokale bestuurders en verstoringen van het democratische proces, blijkt dat online intimidaties en bedreigingen minder snel als strafbaar feit kunnen worden aangemerkt. Er is meer kennis nodig over online intimidatie en bedreiging en daar zet ik me de komende tijd voor in. Daarnaast ga ik aan de slag met modelaangifte voor decentrale politieke ambtsdragers waardoor de kwaliteit van aangiftes verbeterd en het doen van aangifte makkelijker wordt.\n\nIk ben bereid om samen met mijn ambtsgenoot van JenV te bezien of een meer structurele landelijke aanpak noodzakelijk en wenselijk is om lokale bestuurders beter te beschermen tegen online intimidatie en bedreiging. Daarbij zal ik kijken naar de mogelijkheden van uniforme standaarden, versterking van ondersteuning en, waar nodig, aanvullende regelgeving wanneer strafrechtelijke vervolging onvoldoende kansrijk is.'),
]


# --- ah-tk-20202021-3235: the answer of question set 2021Z09739, in five manifestations -----------

SUBMITTERS_3235 = [("Van Weyenberg", "D66"), ("Romke de Jong", "D66"), ("Kat", "D66")]
INDIENERS_3235 = [("S.P.R.A. van Weyenberg", None), ("R.H. (Romke) de Jong", None), ("H. Kat", None)]
TOPICS_3235 = [Topic("Economie", "Ondernemen"), Topic("Sociale zekerheid", "Organisatie en beleid")]
TITLE_3235 = "Antwoord op vragen van de leden Van Weyenberg, Romke de Jong en Kat over de Tozo"


def items_3235() -> list[Item]:
    return [Item(nr=i, question=q, answer=a) for i, (q, a) in enumerate(ITEMS_3235, start=1)]


def test_answer_xml_3235() -> None:
    doc = parse_one("ah-tk-20202021-3235.document.xml")
    assert_fields(
        doc, doc_id="ah-tk-20202021-3235", manifestation="xml", chamber="tk", kind="answer",
        aanhangselnummer="3235", vergaderjaar="2020-2021",
        submitted_on=date(2021, 6, 3), received_on=date(2021, 6, 21),
        submitters=[Person(n, p) for n, p in SUBMITTERS_3235],
        addressed_to=["Minister van Sociale Zaken en Werkgelegenheid"],
        answered_by=[Minister("Koolmees", "Minister", "SZW")], ministries=["SZW"],
        urls={"metadata": "https://zoek.officielebekendmakingen.nl/ah-tk-20202021-3235/metadata.xml"},
    )
    assert doc.items == items_3235()  # every question and answer, exact; 9 has two <al>


@pytest.mark.parametrize(
    ("name", "manifestation", "modified"),
    [("ah-tk-20202021-3235.metadata.xml", "metadata", None),  # metadata.xml states no modified date
     ("ah-tk-20202021-3235.metadata_owms.xml", "metadata_owms", date(2021, 6, 21))],
)
def test_answer_metadata_3235(name: str, manifestation: str, modified: date | None) -> None:
    doc = parse_one(name)
    assert_fields(
        doc, doc_id="ah-tk-20202021-3235", manifestation=manifestation, chamber="tk", kind="answer",
        vraagnummer="2021Z09739", aanhangselnummer="3235", vergaderjaar="2020-2021", title=TITLE_3235,
        received_on=date(2021, 6, 21), published_on=date(2021, 6, 21), modified_on=modified,
        submitters=[Person(n, p) for n, p in INDIENERS_3235],  # an answer record has no submitted date
        answered_by=[Minister("W. Koolmees")],  # OVERHEIDop.ontvanger
        document_status="Opgemaakt na onopgemaakt",
        topics=TOPICS_3235,  # OVERHEID.TaxonomieBeleidsagenda: "Economie | Ondernemen", …
    )
    assert doc.items == []


def test_html_manifestation_3235() -> None:
    doc = parse_one("ah-tk-20202021-3235.repository-manifestation.html")
    assert_fields(
        doc, doc_id="ah-tk-20202021-3235", manifestation="html", chamber="tk", kind="answer",
        vraagnummer="2021Z09739", aanhangselnummer="3235", vergaderjaar="2020-2021", title=TITLE_3235,
        submitted_on=date(2021, 6, 3), received_on=date(2021, 6, 21), published_on=date(2021, 6, 21),
        submitters=[Person(n, p) for n, p in SUBMITTERS_3235],
        addressed_to=["Minister van Sociale Zaken en Werkgelegenheid"],
        answered_by=[Minister("Koolmees", "Minister", "SZW")], ministries=["SZW"],
        topics=TOPICS_3235,  # OVERHEID.TaxonomieBeleidsagenda: "Economie | Ondernemen", …
    )
    # The same texts as the XML: "2% (<a>Staatsblad 2020, 118</a>)" reads "2% (Staatsblad 2020, 118)".
    assert doc.items == items_3235()


def test_sru_response_plooi() -> None:
    results = parse_all(PLOOI_SRU)
    skipped = [(r.doc_id, r.reason) for r in results if isinstance(r, NotKamervragen)]
    assert skipped == [
        ("kst-32545-143", "not a Kamervragen record ('Kamerstuk')"),
        ("blg-1007826", "not a Kamervragen record ('Kamerstuk')"),
        ("blg-1025203", "not a Kamervragen record ('Kamerstuk')"),
        ("kst-32545-144", "not a Kamervragen record ('Kamerstuk')"),
    ]
    assert len(results) == 5  # numberOfRecords says 3; the file holds 5 records
    doc = results[1]
    assert isinstance(doc, Document)
    base = f"{MOCK}/ah-tk/20202021/ah-tk-20202021-3235/1"
    assert_fields(
        doc, doc_id="ah-tk-20202021-3235", manifestation="sru", chamber="tk", kind="answer",
        vraagnummer="2021Z09739", aanhangselnummer="3235", vergaderjaar="2020-2021", title=TITLE_3235,
        received_on=date(2021, 6, 21), published_on=date(2021, 6, 21),
        modified_on=date(2021, 7, 22),  # differs from metadata_owms.xml (2021-06-21)
        submitters=[Person(n, p) for n, p in INDIENERS_3235], answered_by=[Minister("W. Koolmees")],
        document_status="Opgemaakt na onopgemaakt",
        topics=TOPICS_3235,  # OVERHEID.TaxonomieBeleidsagenda: "Economie | Ondernemen", …
        urls={
            "preferred": "https://zoek.officielebekendmakingen.nl/ah-tk-20202021-3235.html",
            "html": f"{base}/html/ah-tk-20202021-3235.html",
            "metadata": f"{base}/metadata/metadata.xml",
            "metadataowms": f"{base}/metadataowms/metadata_owms.xml",
            "odt": f"{base}/odt/ah-tk-20202021-3235.odt",
            "pdf": f"{base}/pdf/ah-tk-20202021-3235.pdf",
            "xml": f"{base}/xml/ah-tk-20202021-3235.xml",
        },
    )


def test_modified_disagreement_is_a_recorded_conflict_and_sru_wins() -> None:
    """The real disagreement: SRU record 2021-07-22, metadata_owms.xml 2021-06-21 (source.md §4)."""
    sru = next(r for r in parse_all(PLOOI_SRU) if isinstance(r, Document))
    owms = parse_one("ah-tk-20202021-3235.metadata_owms.xml")
    expected = [Conflict(field="modified_on", kept="2021-07-22", other="2021-06-21", source="metadata_owms")]
    for merged in (merge_documents(sru, owms), merge_documents(owms, sru)):  # whichever comes first
        assert merged.modified_on == date(2021, 7, 22)
        assert merged.conflicts == expected
    # The pipeline's own combination (record + document XML) agrees on every other date.
    xml = parse_one("ah-tk-20202021-3235.document.xml")
    full = combine(sru, xml)
    assert full.conflicts == [] and full.modified_on == date(2021, 7, 22)
    assert (full.submitted_on, full.received_on) == (date(2021, 6, 3), date(2021, 6, 21))


# --- other records ----------------------------------------------------------------------------


def test_sru_response_of_other_kinds_only() -> None:
    results = parse_all("sru-response.officielepublicaties.staten-generaal.2021-10-13.xml")
    assert all(isinstance(r, NotKamervragen) for r in results)
    assert [r.doc_id for r in results if isinstance(r, ParseError)] == [
        "blg-998035", "h-ek-20212022-2-7", "h-tk-20202021-101-5", "blg-1000226", "blg-998029",
        "kst-22112-3185", "blg-999984", "blg-1000150", "h-tk-20202021-100-4", "h-ek-20212022-2-1",
    ]


def test_old_oral_question_record() -> None:
    doc = parse_one("sru-record.kv-2989900822.onopgemaakt.xml")
    base = "https://repository.overheid.nl/frbr/officielepublicaties/kv/onopgemaakt/kv-2989900822/1"
    assert_fields(
        doc, doc_id="kv-2989900822", manifestation="sru", chamber="tk", kind="question", question_type="oral",
        vraagnummer="2989900822", vergaderjaar="1998-1999",
        title=("Mondelinge vragen van het lid Atsma (CDA) aan de staatssecretaris van Onderwijs, Cultuur en "
               "Wetenschappen, dhr. Van der Ploeg, over diens uitlatingen inzake de omroepgidsen. "
               "(Ingezonden 28 september 1998)"),
        submitted_on=date(1998, 9, 28), published_on=date(1998, 9, 28), modified_on=date(2014, 7, 11),
        submitters=[Person("Atsma", "CDA")],
        addressed_to=["Staatssecretaris van Onderwijs, Cultuur en Wetenschappen"], ministries=["OCW"],
        document_status="Opgemaakt",
        urls={
            "preferred": "https://zoek.officielebekendmakingen.nl/kv-2989900822.html",
            "html": f"{base}/html/kv-2989900822.html",
            "metadata": f"{base}/metadata/metadata.xml",
            "metadataowms": f"{base}/metadataowms/metadata_owms.xml",
            "xml": f"{base}/xml/kv-2989900822.xml",
        },
    )


EK_TITLE = (
    "Vragen van de leden Knip (VVD), Beuving (PvdA), Hoekstra (CDA), Engels (D66), Markuszower (PVV), "
    "Ruers (SP), Strik (GroenLinks), Bikker (CU), D.J.H. vanDijk (SGP), Nagel (50PLUS), Koffeman (PvdD) "
    "en Ten Hoeve (OSF) aan de Minister van Veiligheid en Justitie inzake het meerjarenplan van de Raad "
    "voor de Rechtspraak 2015-2020 (ingezonden 25 september 2015)."
)


def test_eerste_kamer_question_all_twelve_submitters() -> None:
    doc = parse_one("kv-ek-215160000.metadata_owms.xml")
    assert_fields(
        doc, doc_id="kv-ek-215160000", manifestation="metadata_owms", chamber="ek", kind="question",
        question_type="written", vraagnummer="215160000", vergaderjaar="2015-2016", title=EK_TITLE,
        submitted_on=date(2015, 9, 25), published_on=date(2015, 9, 25), modified_on=date(2015, 10, 1),
        # names as the <overheidop:indiener> elements write them, parties from the title
        submitters=[
            Person("Knip", "VVD"), Person("Beuving", "PvdA"), Person("Hoekstra", "CDA"),
            Person("Engels", "D66"), Person("Markuszower", "PVV"), Person("Ruers", "SP"),
            Person("Strik", "GroenLinks"), Person("Bikker", "CU"), Person("Dijk, D.J.H. van", "SGP"),
            Person("Nagel", "50PLUS"), Person("Koffeman", "PvdD"), Person("Ten Hoeve", "OSF"),
        ],
        addressed_to=["Minister van Veiligheid en Justitie"], ministries=["VenJ"],
        answer_doc_id="ah-ek-20152016-3", document_status="Opgemaakt na onopgemaakt",
        topics=[Topic("Recht", "Rechtspraak")],
    )


def test_eerste_kamer_answer_medegedeeld_date() -> None:
    doc = parse_one("ah-ek-20192020-10.metadata_owms.xml")
    assert_fields(
        doc, doc_id="ah-ek-20192020-10", manifestation="metadata_owms", chamber="ek", kind="answer",
        vraagnummer="219200007", aanhangselnummer="10", vergaderjaar="2019-2020",
        title=("Vragen van het lid Van Rooijen (50PLUS) op 29 april 2020 medegedeeld aan de Minister van "
               "Sociale Zaken en Werkgelegenheid inzake de juridische houdbaarheid van het nieuwe pensioenstelsel."),
        submitted_on=date(2020, 4, 29),  # "op 29 april 2020 medegedeeld"
        received_on=date(2020, 6, 10), published_on=date(2020, 6, 10), modified_on=date(2020, 6, 10),
        submitters=[Person("Van Rooijen", "50PLUS")],
        addressed_to=["Minister van Sociale Zaken en Werkgelegenheid"], ministries=["SZW"],
        document_status="Opgemaakt na onopgemaakt",  # the file names no ontvanger
        topics=[Topic("Sociale zekerheid", "Organisatie en beleid"), Topic("Sociale zekerheid", "Ouderen")],
    )


def test_modern_tk_question_metadata_has_no_party() -> None:
    doc = parse_one("kv-tk-2020Z13248.metadata_owms.xml")
    assert_fields(
        doc, doc_id="kv-tk-2020Z13248", manifestation="metadata_owms", chamber="tk", kind="question",
        question_type="written", vraagnummer="2020Z13248", vergaderjaar="2019-2020",
        title="Huisbazen die weigeren loden leidingen te vervangen",
        submitted_on=date(2020, 7, 2), published_on=date(2020, 7, 2), modified_on=date(2020, 7, 2),
        submitters=[Person("H. Nijboer")], answer_doc_id="ah-tk-20192020-3799",
        document_status="Opgemaakt na onopgemaakt", topics=[Topic("Huisvesting", "Huren en verhuren")],
    )


def test_delay_notice_metadata() -> None:
    doc = parse_one("ah-1151601.mededeling.metadata.xml")
    assert_fields(
        doc, doc_id="ah-1151601", manifestation="metadata",
        chamber="tk",  # from DC.creator: the id does not say
        kind="notice", notice_kind="delay", vraagnummer="2024Z11223", aanhangselnummer="2141",
        vergaderjaar="2023-2024", title="Uitstel beantwoording vragen van het lid Pijpelink over de doorstroomtoets",
        received_on=date(2024, 7, 5), published_on=date(2024, 7, 5),
        submitters=[Person("A. Pijpelink")], answered_by=[Minister("M.L.J. Paul")],
        document_status="Onopgemaakt",
    )


# --- the two typeset PDFs ---------------------------------------------------------------------


def pdf_items(texts: dict[str, str]) -> dict[int, tuple[str | None, str | None]]:
    out: dict[int, tuple[str | None, str | None]] = {}
    for label, text in texts.items():
        if label.startswith("Vraag"):
            nr = int(label.split()[1].rstrip(","))
            out[nr] = (text, texts[label.replace("Vraag", "Antwoord")])
    return out


def test_pdf_2271_every_field_and_text() -> None:
    doc = parse_one("ah-tk-20232024-2271.pdf")
    assert_fields(
        doc, doc_id="ah-tk-20232024-2271", manifestation="pdf", chamber="tk", kind="answer",
        aanhangselnummer="2271", vergaderjaar="2023-2024",
        submitted_on=date(2024, 6, 21), received_on=date(2024, 8, 12),
        submitters=[Person("Westerveld", "GroenLinks-PvdA")],
        addressed_to=["Staatssecretaris van Volksgezondheid, Welzijn en Sport",
                      "Minister van Volksgezondheid, Welzijn en Sport"],
        # "Staatssecretaris Karremans (Volksgezondheid, Welzijn en Sport – Jeugd, Preventie en Sport)"
        answered_by=[Minister("Karremans", "Staatssecretaris", "VWS")], ministries=["VWS"],
        refers_to=[AanhangselRef("2023-2024", "2147")],  # "Zie ook … vergaderjaar 2023–2024, nr. 2147."
        missing=["vraagnummer"],  # the PDF does not print it
    )
    expected = pdf_items(TEXTS_2271)
    assert [i.nr for i in doc.items] == list(range(1, 13))
    for item in doc.items:
        assert (item.question, item.answer) == expected[item.nr], item.nr
        assert item.answer_refers_to is None


Q3_1314, Q4_1314, Q5_1314 = (
    "Deelt u de mening dat als een provincie het predicaat regenboogprovincie heeft die provincie dan ook een actief «regenboogbeleid» zou moeten voeren waaronder het actief inzetten voor onder meer de veiligheid en acceptatie van de lhbti-gemeenschap? Zo ja, waarom? Zo nee, waarom niet en wat is de waarde van dat predicaat dan nog?",
    "Deelt u de mening dat regenboogprovincies in het kader van de acceptatie en de veiligheid van de lhbti-gemeenschap een regierol hebben te vervullen om inclusie en diversiteit actief te bevorderen in de regio en initiatieven te verbinden? Zo ja, kunt u dan met de provincie Fryslân in overleg treden over hoe die rol wel kan worden ingevuld? Zo nee, waarom niet?",
    "Kent u de Inventarisatie Regenboogbeleid Regenboogprovincies? Zo ja, deelt u de mening dat u een sturender rol moet gaan spelen om te zorgen dat provincies hun rol als aanjager van initiatieven en verbinder voor het bevorderen van de veiligheid en acceptatie van de lhbti-gemeenschap nog beter waar gaan maken? Zo nee, waarom niet?",
)


def test_pdf_1314_every_field_and_the_combined_answer() -> None:
    doc = parse_one("ah-tk-20232024-1314.pdf")
    assert_fields(
        doc, doc_id="ah-tk-20232024-1314", manifestation="pdf", chamber="tk", kind="answer",
        aanhangselnummer="1314", vergaderjaar="2023-2024",
        submitted_on=date(2024, 3, 6), received_on=date(2024, 3, 25),
        # "Kostić": the PDF sets c + a spacing acute; the page shows one letter
        submitters=[Person("Mutluer", "GroenLinks-PvdA"), Person("Kostić", "PvdD")],
        addressed_to=["Minister van Onderwijs, Cultuur en Wetenschap"],
        answered_by=[Minister("Dijkgraaf", "Minister", "OCW")], ministries=["OCW"],
        missing=["vraagnummer"],
    )
    assert TEXTS_1314["Vraag 3, 4 en 5"] == f"{Q3_1314} {Q4_1314} {Q5_1314}"
    t = TEXTS_1314
    assert doc.items == [
        Item(1, t["Vraag 1"], t["Antwoord 1"]),
        Item(2, t["Vraag 2"], t["Antwoord 2"]),
        # "Vraag 3, 4 en 5" / "Antwoord 3, 4 en 5": the answer sits on 3, 4 and 5 point to it
        Item(3, Q3_1314, t["Antwoord 3, 4 en 5"]),
        Item(4, Q4_1314, None, answer_refers_to=3),
        Item(5, Q5_1314, None, answer_refers_to=3),
        Item(6, t["Vraag 6"], t["Antwoord 6"]),
    ]


# --- page texts and the seed answer text --------------------------------------------------------


KV_2011Z04442_QUESTIONS = [
    "Kent u het bericht «Duizenden Kamerstukken verdwenen uit overheidsportaal?»1",  # marker kept: see FOOTNOTES
    "Is het waar dat duizenden belangrijke Kamerstukken, waaronder diverse troonredes, zijn verdwenen van de website Officielebekendmakingen.nl? Zo ja, om hoeveel Kamerstukken gaat het? Hoe heeft dit kunnen gebeuren?",
    "Deelt u de mening dat de overheid, onder andere hierdoor, tekort schiet in haar eigen doelstellingen om parlementaire informatie openbaar, toegankelijk en bruikbaar te maken?",
    "Wat is uw reactie op de stelling dat de openheid van het democratisch bestel niet voldoet aan de eisen van deze tijd? Wat is uw reactie op de stelling dat je bijna een professional moet zijn om informatie over de Tweede Kamer te vinden, dat dit de betrokkenheid van burgers bij politieke processen remt, en dat aan deze situatie de laatste jaren niets veranderd is? Deelt u de mening dat hier sprake is van een ernstig probleem?",
    "In hoeverre is het waar dat de gebrekkige toegankelijkheid van soms onvolledige en foutieve informatie uit het parlement als jammerlijk gevolg heeft dat initiatieven om te komen tot particuliere waakhonden van de democratie, zoals in de Verenigde Staten en Groot-Brittannië, in Nederland moeilijk te realiseren zijn?",
    "Wat wordt er ondernomen of wat gaat u ondernemen om de verdwenen Kamerstukken weer digitaal beschikbaar te maken?",
    # the page's footnote box ("X Noot") that follows is not part of the question
    "Hoe gaat u ervoor zorgen dat de openheid van het democratisch bestel wel gaat voldoen aan de eisen van deze tijd? Op welke wijze gaat u zich inzetten voor volledige, juiste en digitaal makkelijk toegankelijke informatie uit het parlement?",
]


def test_zoek_page_text_of_question_2011Z04442() -> None:
    doc = parse_one("kv-tk-2011Z04442.zoek-page.text-excerpt.txt")
    header = ("Vragen van het lid Heijnen (PvdA) aan de minister van Binnenlandse Zaken en Koninkrijksrelaties "
              "over duizenden verdwenen Kamerstukken en de toegankelijkheid van parlementaire informatie "
              "(ingezonden 4 maart 2011).")
    assert_fields(
        doc, doc_id="kv-tk-2011Z04442",  # from the file name: the text states only "2011Z04442"
        manifestation="text", chamber="tk", kind="question", question_type="written",
        vraagnummer="2011Z04442", title=header, submitted_on=date(2011, 3, 4),
        submitters=[Person("Heijnen", "PvdA")],
        addressed_to=["Minister van Binnenlandse Zaken en Koninkrijksrelaties"], ministries=["BZK"],
        missing=["vergaderjaar", "received_on"],
    )
    assert doc.items == [Item(nr, q) for nr, q in enumerate(KV_2011Z04442_QUESTIONS, start=1)]


@pytest.mark.xfail(strict=True, reason="the page's table cells are glued ('Staten-Generaal2010-20112011Z04442'): "
                                       "vergaderjaar 2010-2011 is stated but not read (scrapers/parse_text.py)")
def test_zoek_page_text_vergaderjaar_2011Z04442() -> None:
    assert parse_one("kv-tk-2011Z04442.zoek-page.text-excerpt.txt").vergaderjaar == "2010-2011"


def test_tweedekamer_page_text_2025D04328_truncated() -> None:
    doc = parse_one("tweedekamer.nl-kamervragen-2025D04328.page.text-excerpt.txt")
    assert_fields(
        doc, manifestation="text", kind="answer", vergaderjaar="2024-2025",  # from "Zie ook …, vergaderjaar 2024–2025"
        submitted_on=date(2024, 12, 20), received_on=date(2025, 2, 4),
        submitters=[Person("Erkens", "VVD")],
        addressed_to=["Minister van Binnenlandse Zaken en Koninkrijksrelaties"],
        answered_by=[Minister("Uitermark", "Minister", "BZK")], ministries=["BZK"],
        refers_to=[AanhangselRef("2024-2025", "1028")],
        missing=["doc_id", "chamber", "vraagnummer"],  # 2025D04328 is a TK document number, not stated as ours
    )
    assert doc.items == [
        Item(1,
             "Deelt u de mening dat de Rijksoverheid significant is gegroeid de laatste jaren terwijl de slagvaardigheid niet evenredig is toegenomen? Zo nee, waarom niet?",
             "De Rijksoverheid is inderdaad significant gegroeid. De cijfers opgenomen in de Jaarrapportage Bedrijfsvoering Rijk (JBR) laten dit zien. Deze groei is onder andere te verklaren door de extra taken die worden uitgevoerd. Dit gaat bijvoorbeeld over de afhandeling mijnbouwschade Groningen, de Hersteloperatie Toeslagen of de indiensttreding van het schoonmaakpersoneel. Maar ook in het dagelijkse werk bij de Rijksoverheid wordt een groeiende inzet gevraagd vanwege steeds meer en complexere regelgeving en toegenomen administratieve lasten. Dit laatste kan bijdragen aan het beeld dat de slagvaardigheid niet evenredig is toegenomen. In het Hoofdlijnenakkoord en in het regeerprogramma is aangegeven dat regels vereenvoudigd en verminderd moeten worden en dat de administratieve verplichtingen voor burgers, ondernemers en de uitvoeringsorganisaties moeten worden teruggebracht. Uit de budgettaire bijlage bij het hoofdlijnenakkoord volgt dat de apparaatsuitgaven structureel met circa 1 mld. worden verminderd."),
        # the excerpt ends mid-word: the question is cut exactly where the file is
        Item(2, "Kunt u aangeven hoeveel jaar groei van de Rijksoverheid wordt teruggedraaid via de voorgenomen besparingen op het apparaat Rijksoverheid als de volledige bezuin"),
    ]


def test_seed_answer_text() -> None:
    doc = parse_one("answer-text.bzk-2026.txt")
    assert_fields(
        doc, manifestation="text", kind="answer", received_on=date(2026, 2, 2),
        answered_by=[Minister("Rijkaart", "Minister", "BZK")], ministries=["BZK"],
        missing=["doc_id", "chamber", "vraagnummer", "vergaderjaar", "submitted_on"],
    )
    assert doc.items == [Item(nr, q, a) for nr, q, a in ITEMS_BZK]


# --- the chain: real files of set 2021Z09739 → ingest → warehouse → verdict -----------------------


def test_chain_real_files_2021Z09739_to_verdict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real SRU response and answer XML served by the replay server, ingested by the real engine.

    S = 2021-06-03 ("(ingezonden 3 juni 2021)" in the answer; the question document kv-tk-2021Z09739 is
    not among the samples), A = 2021-06-21 (datumOntvangst, and "(ontvangen 21 juni 2021)"):
    due_on = S + 21 = 2021-06-24, days_taken = 18, answered on time.
    """
    monkeypatch.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")
    db = tmp_path / "kv.duckdb"
    prefix = "/frbr/officielepublicaties/ah-tk/20202021/ah-tk-20202021-3235/1"
    with ReplayServer() as server:
        server.add_records((FIXTURES / PLOOI_SRU).read_text("utf-8").replace(
            "http://__MOCK_SERVICE__/repository.overheid.nl", "{BASE}"))
        server.add_file(f"{prefix}/xml/ah-tk-20202021-3235.xml",
                        (FIXTURES / "ah-tk-20202021-3235.document.xml").read_bytes(), "application/xml")
        result = run_ingest(IngestOptions(db=str(db), sru_url=server.sru_url,
                                          since=date(2021, 1, 1), until=date(2021, 12, 31)))
    assert result["outcome"] == "success" and result["rejected"] == 0
    con = connect(db, read_only=True)
    try:
        def verdict(as_of: date) -> list[tuple]:
            return con.execute(
                "SELECT q.submitted_on, s.answered_on, s.due_on, s.extended_due_on, s.days_taken, s.status "
                "FROM status_as_of($d) s JOIN question_sets q USING (chamber, vraagnummer) "
                "WHERE vraagnummer = '2021Z09739'", {"d": as_of}).fetchall()

        assert verdict(date(2021, 7, 1)) == [
            (date(2021, 6, 3), date(2021, 6, 21), date(2021, 6, 24), None, 18, "answered_on_time")]
        # before the answer arrived the same set was open, within its term
        assert verdict(date(2021, 6, 20)) == [
            (date(2021, 6, 3), None, date(2021, 6, 24), None, None, "open")]
        doc = con.execute("SELECT doc_id, kind, received_on, modified_on FROM documents "
                          "WHERE vraagnummer = '2021Z09739'").fetchall()
        assert doc == [("ah-tk-20202021-3235", "answer", date(2021, 6, 21), date(2021, 7, 22))]
    finally:
        con.close()


# --- malformed variants of a real file --------------------------------------------------------


def test_impossible_date_is_an_error_not_a_guess() -> None:
    data = (FIXTURES / "ah-tk-20202021-3235.metadata.xml").read_bytes()
    bad = data.replace(b'"OVERHEIDop.datumOntvangst" scheme="DCTERMS.W3CDTF" content="2021-06-21"',
                       b'"OVERHEIDop.datumOntvangst" scheme="DCTERMS.W3CDTF" content="2021-02-31"')
    assert bad != data
    with pytest.raises(ParseError, match=r"datumontvangst.*2021-02-31"):
        list(parse_bytes(bad, name="x.metadata.xml"))


def test_content_hash_ignores_modified_date() -> None:
    a = parse_one("ah-tk-20202021-3235.metadata_owms.xml")
    data = (FIXTURES / "ah-tk-20202021-3235.metadata_owms.xml").read_bytes()
    b_bytes = data.replace(b"<dcterms.modified>2021-06-21", b"<dcterms.modified>2023-01-01")
    b = next(iter(parse_bytes(b_bytes, name="x.xml")))
    assert isinstance(b, Document) and b.modified_on == date(2023, 1, 1)
    assert a.content_sha256 == b.content_sha256
    assert replace(a, modified_on=None).compute_sha256() == a.content_sha256
