"""Region codes and names as Commerce (Magento 2.4.8) ships them in its directory data.

Amazon's ``StateOrRegion`` is free text: a code (``WA``, ``SP``, ``NSW``), a name
(``Washington``, ``Bayern``) or a name in other capitals or without accents. For a country
Commerce has a region list for, the region is matched on code or name and sent as Commerce's
code and name. For a country without one (GB, NL, JP, SG, TR, AE, ...), the text is sent as
the region name only, as Commerce's own checkout does. Japanese prefectures therefore go by
name. Region ids are not sent: they are numbered per installation.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    code: str | None
    name: str


def _table(rows: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for row in rows.strip().splitlines():
        code, name = row.split("|")
        pairs.append((code.strip(), name.strip()))
    return tuple(pairs)


REGIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "US": _table("""
        AL|Alabama
        AK|Alaska
        AS|American Samoa
        AZ|Arizona
        AR|Arkansas
        AE|Armed Forces Africa
        AA|Armed Forces Americas
        AE|Armed Forces Canada
        AE|Armed Forces Europe
        AE|Armed Forces Middle East
        AP|Armed Forces Pacific
        CA|California
        CO|Colorado
        CT|Connecticut
        DE|Delaware
        DC|District of Columbia
        FM|Federated States Of Micronesia
        FL|Florida
        GA|Georgia
        GU|Guam
        HI|Hawaii
        ID|Idaho
        IL|Illinois
        IN|Indiana
        IA|Iowa
        KS|Kansas
        KY|Kentucky
        LA|Louisiana
        ME|Maine
        MH|Marshall Islands
        MD|Maryland
        MA|Massachusetts
        MI|Michigan
        MN|Minnesota
        MS|Mississippi
        MO|Missouri
        MT|Montana
        NE|Nebraska
        NV|Nevada
        NH|New Hampshire
        NJ|New Jersey
        NM|New Mexico
        NY|New York
        NC|North Carolina
        ND|North Dakota
        MP|Northern Mariana Islands
        OH|Ohio
        OK|Oklahoma
        OR|Oregon
        PW|Palau
        PA|Pennsylvania
        PR|Puerto Rico
        RI|Rhode Island
        SC|South Carolina
        SD|South Dakota
        TN|Tennessee
        TX|Texas
        UT|Utah
        VT|Vermont
        VI|Virgin Islands
        VA|Virginia
        WA|Washington
        WV|West Virginia
        WI|Wisconsin
        WY|Wyoming
    """),
    "CA": _table("""
        AB|Alberta
        BC|British Columbia
        MB|Manitoba
        NL|Newfoundland and Labrador
        NB|New Brunswick
        NS|Nova Scotia
        NT|Northwest Territories
        NU|Nunavut
        ON|Ontario
        PE|Prince Edward Island
        QC|Quebec
        SK|Saskatchewan
        YT|Yukon Territory
    """),
    "MX": _table("""
        AGU|Aguascalientes
        BCN|Baja California
        BCS|Baja California Sur
        CAM|Campeche
        CHP|Chiapas
        CHH|Chihuahua
        CMX|Ciudad de México
        COA|Coahuila
        COL|Colima
        DUR|Durango
        MEX|Estado de México
        GUA|Guanajuato
        GRO|Guerrero
        HID|Hidalgo
        JAL|Jalisco
        MIC|Michoacán
        MOR|Morelos
        NAY|Nayarit
        NLE|Nuevo León
        OAX|Oaxaca
        PUE|Puebla
        QUE|Querétaro
        ROO|Quintana Roo
        SLP|San Luis Potosí
        SIN|Sinaloa
        SON|Sonora
        TAB|Tabasco
        TAM|Tamaulipas
        TLA|Tlaxcala
        VER|Veracruz
        YUC|Yucatán
        ZAC|Zacatecas
    """),
    "BR": _table("""
        AC|Acre
        AL|Alagoas
        AP|Amapá
        AM|Amazonas
        BA|Bahia
        CE|Ceará
        ES|Espírito Santo
        GO|Goiás
        MA|Maranhão
        MT|Mato Grosso
        MS|Mato Grosso do Sul
        MG|Minas Gerais
        PA|Pará
        PB|Paraíba
        PR|Paraná
        PE|Pernambuco
        PI|Piauí
        RJ|Rio de Janeiro
        RN|Rio Grande do Norte
        RS|Rio Grande do Sul
        RO|Rondônia
        RR|Roraima
        SC|Santa Catarina
        SP|São Paulo
        SE|Sergipe
        TO|Tocantins
        DF|Distrito Federal
    """),
    "AU": _table("""
        ACT|Australian Capital Territory
        NSW|New South Wales
        VIC|Victoria
        QLD|Queensland
        SA|South Australia
        TAS|Tasmania
        WA|Western Australia
        NT|Northern Territory
    """),
    "IN": _table("""
        AN|Andaman and Nicobar Islands
        AP|Andhra Pradesh
        AR|Arunachal Pradesh
        AS|Assam
        BR|Bihar
        CH|Chandigarh
        CT|Chhattisgarh
        DN|Dadra and Nagar Haveli
        DD|Daman and Diu
        DL|Delhi
        GA|Goa
        GJ|Gujarat
        HR|Haryana
        HP|Himachal Pradesh
        JK|Jammu and Kashmir
        JH|Jharkhand
        KA|Karnataka
        KL|Kerala
        LD|Lakshadweep
        MP|Madhya Pradesh
        MH|Maharashtra
        MN|Manipur
        ML|Meghalaya
        MZ|Mizoram
        NL|Nagaland
        OR|Odisha
        PY|Puducherry
        PB|Punjab
        RJ|Rajasthan
        SK|Sikkim
        TN|Tamil Nadu
        TG|Telangana
        TR|Tripura
        UP|Uttar Pradesh
        UT|Uttarakhand
        WB|West Bengal
    """),
    # Germany: 2.4.8 codes; ISO 3166-2 codes (BY, NW, ...) are accepted on input too.
    "DE": _table("""
        NDS|Niedersachsen
        BAW|Baden-Württemberg
        BAY|Bayern
        BER|Berlin
        BRG|Brandenburg
        BRE|Bremen
        HAM|Hamburg
        HES|Hessen
        MEC|Mecklenburg-Vorpommern
        NRW|Nordrhein-Westfalen
        RHE|Rheinland-Pfalz
        SAR|Saarland
        SAS|Sachsen
        SAC|Sachsen-Anhalt
        SCN|Schleswig-Holstein
        THE|Thüringen
    """),
    "AT": _table("""
        WI|Wien
        NO|Niederösterreich
        OO|Oberösterreich
        SB|Salzburg
        KN|Kärnten
        ST|Steiermark
        TI|Tirol
        BL|Burgenland
        VB|Vorarlberg
    """),
    "ES": _table("""
        A Coruca|A Coruña
        Alava|Alava
        Albacete|Albacete
        Alicante|Alicante
        Almeria|Almeria
        Asturias|Asturias
        Avila|Avila
        Badajoz|Badajoz
        Baleares|Baleares
        Barcelona|Barcelona
        Burgos|Burgos
        Caceres|Caceres
        Cadiz|Cadiz
        Cantabria|Cantabria
        Castellon|Castellon
        Ceuta|Ceuta
        Ciudad Real|Ciudad Real
        Cordoba|Cordoba
        Cuenca|Cuenca
        Girona|Girona
        Granada|Granada
        Guadalajara|Guadalajara
        Guipuzcoa|Guipuzcoa
        Huelva|Huelva
        Huesca|Huesca
        Jaen|Jaen
        La Rioja|La Rioja
        Las Palmas|Las Palmas
        Leon|Leon
        Lleida|Lleida
        Lugo|Lugo
        Madrid|Madrid
        Malaga|Malaga
        Melilla|Melilla
        Murcia|Murcia
        Navarra|Navarra
        Ourense|Ourense
        Palencia|Palencia
        Pontevedra|Pontevedra
        Salamanca|Salamanca
        Santa Cruz de Tenerife|Santa Cruz de Tenerife
        Segovia|Segovia
        Sevilla|Sevilla
        Soria|Soria
        Tarragona|Tarragona
        Teruel|Teruel
        Toledo|Toledo
        Valencia|Valencia
        Valladolid|Valladolid
        Vizcaya|Vizcaya
        Zamora|Zamora
        Zaragoza|Zaragoza
    """),
    "FR": _table("""
        1|Ain
        2|Aisne
        3|Allier
        4|Alpes-de-Haute-Provence
        5|Hautes-Alpes
        6|Alpes-Maritimes
        7|Ardèche
        8|Ardennes
        9|Ariège
        10|Aube
        11|Aude
        12|Aveyron
        13|Bouches-du-Rhône
        14|Calvados
        15|Cantal
        16|Charente
        17|Charente-Maritime
        18|Cher
        19|Corrèze
        2A|Corse-du-Sud
        2B|Haute-Corse
        21|Côte-d'Or
        22|Côtes-d'Armor
        23|Creuse
        24|Dordogne
        25|Doubs
        26|Drôme
        27|Eure
        28|Eure-et-Loir
        29|Finistère
        30|Gard
        31|Haute-Garonne
        32|Gers
        33|Gironde
        34|Hérault
        35|Ille-et-Vilaine
        36|Indre
        37|Indre-et-Loire
        38|Isère
        39|Jura
        40|Landes
        41|Loir-et-Cher
        42|Loire
        43|Haute-Loire
        44|Loire-Atlantique
        45|Loiret
        46|Lot
        47|Lot-et-Garonne
        48|Lozère
        49|Maine-et-Loire
        50|Manche
        51|Marne
        52|Haute-Marne
        53|Mayenne
        54|Meurthe-et-Moselle
        55|Meuse
        56|Morbihan
        57|Moselle
        58|Nièvre
        59|Nord
        60|Oise
        61|Orne
        62|Pas-de-Calais
        63|Puy-de-Dôme
        64|Pyrénées-Atlantiques
        65|Hautes-Pyrénées
        66|Pyrénées-Orientales
        67|Bas-Rhin
        68|Haut-Rhin
        69|Rhône
        70|Haute-Saône
        71|Saône-et-Loire
        72|Sarthe
        73|Savoie
        74|Haute-Savoie
        75|Paris
        76|Seine-Maritime
        77|Seine-et-Marne
        78|Yvelines
        79|Deux-Sèvres
        80|Somme
        81|Tarn
        82|Tarn-et-Garonne
        83|Var
        84|Vaucluse
        85|Vendée
        86|Vienne
        87|Haute-Vienne
        88|Vosges
        89|Yonne
        90|Territoire-de-Belfort
        91|Essonne
        92|Hauts-de-Seine
        93|Seine-Saint-Denis
        94|Val-de-Marne
        95|Val-d'Oise
    """),
    "IT": _table("""
        AG|Agrigento
        AL|Alessandria
        AN|Ancona
        AO|Aosta
        AQ|L'Aquila
        AR|Arezzo
        AP|Ascoli-Piceno
        AT|Asti
        AV|Avellino
        BA|Bari
        BT|Barletta-Andria-Trani
        BL|Belluno
        BN|Benevento
        BG|Bergamo
        BI|Biella
        BO|Bologna
        BZ|Bolzano
        BS|Brescia
        BR|Brindisi
        CA|Cagliari
        CL|Caltanissetta
        CB|Campobasso
        CE|Caserta
        CT|Catania
        CZ|Catanzaro
        CH|Chieti
        CO|Como
        CS|Cosenza
        CR|Cremona
        KR|Crotone
        CN|Cuneo
        EN|Enna
        FM|Fermo
        FE|Ferrara
        FI|Firenze
        FG|Foggia
        FC|Forli-Cesena
        FR|Frosinone
        GE|Genova
        GO|Gorizia
        GR|Grosseto
        IM|Imperia
        IS|Isernia
        SP|La-Spezia
        LT|Latina
        LE|Lecce
        LC|Lecco
        LI|Livorno
        LO|Lodi
        LU|Lucca
        MC|Macerata
        MN|Mantova
        MS|Massa-Carrara
        MT|Matera
        ME|Messina
        MI|Milano
        MO|Modena
        MB|Monza-Brianza
        NA|Napoli
        NO|Novara
        NU|Nuoro
        OR|Oristano
        PD|Padova
        PA|Palermo
        PR|Parma
        PV|Pavia
        PG|Perugia
        PU|Pesaro-Urbino
        PE|Pescara
        PC|Piacenza
        PI|Pisa
        PT|Pistoia
        PN|Pordenone
        PZ|Potenza
        PO|Prato
        RG|Ragusa
        RA|Ravenna
        RC|Reggio-Calabria
        RE|Reggio-Emilia
        RI|Rieti
        RN|Rimini
        RM|Roma
        RO|Rovigo
        SA|Salerno
        SS|Sassari
        SV|Savona
        SI|Siena
        SR|Siracusa
        SO|Sondrio
        SU|Sud Sardegna
        TA|Taranto
        TE|Teramo
        TR|Terni
        TO|Torino
        TP|Trapani
        TN|Trento
        TV|Treviso
        TS|Trieste
        UD|Udine
        VA|Varese
        VE|Venezia
        VB|Verbania
        VC|Vercelli
        VR|Verona
        VV|Vibo-Valentia
        VI|Vicenza
        VT|Viterbo
    """),
    "PL": _table("""
        PL-02|dolnośląskie
        PL-04|kujawsko-pomorskie
        PL-06|lubelskie
        PL-08|lubuskie
        PL-10|łódzkie
        PL-12|małopolskie
        PL-14|mazowieckie
        PL-16|opolskie
        PL-18|podkarpackie
        PL-20|podlaskie
        PL-22|pomorskie
        PL-24|śląskie
        PL-26|świętokrzyskie
        PL-28|warmińsko-mazurskie
        PL-30|wielkopolskie
        PL-32|zachodniopomorskie
    """),
    "SE": _table("""
        SE-K|Blekinge län
        SE-W|Dalarnas län
        SE-I|Gotlands län
        SE-X|Gävleborgs län
        SE-N|Hallands län
        SE-Z|Jämtlands län
        SE-F|Jönköpings län
        SE-H|Kalmar län
        SE-G|Kronobergs län
        SE-BD|Norrbottens län
        SE-M|Skåne län
        SE-AB|Stockholms län
        SE-D|Södermanlands län
        SE-C|Uppsala län
        SE-S|Värmlands län
        SE-AC|Västerbottens län
        SE-Y|Västernorrlands län
        SE-U|Västmanlands län
        SE-O|Västra Götalands län
        SE-T|Örebro län
        SE-E|Östergötlands län
    """),
    "BE": _table("""
        VAN|Antwerpen
        WBR|Brabant wallon
        BRU|Brussels-Capital Region
        WHT|Hainaut
        VLI|Limburg
        WLG|Liège
        WLX|Luxembourg
        WNA|Namur
        VOV|Oost-Vlaanderen
        VBR|Vlaams-Brabant
        VWV|West-Vlaanderen
    """),
}

# Other spellings Amazon buyers and Amazon itself use, keyed by country, to Commerce's code.
ALIASES: dict[str, dict[str, str]] = {
    "DE": {"BW": "BAW", "BY": "BAY", "BE": "BER", "BB": "BRG", "HB": "BRE", "HH": "HAM",
           "HE": "HES", "MV": "MEC", "NI": "NDS", "NW": "NRW", "RP": "RHE", "SL": "SAR",
           "SN": "SAS", "ST": "SAC", "SH": "SCN", "TH": "THE", "BAVARIA": "BAY"},
    "MX": {"CDMX": "CMX", "DF": "CMX", "DISTRITO FEDERAL": "CMX", "MEXICO": "MEX",
           "COAHUILA DE ZARAGOZA": "COA", "MICHOACAN DE OCAMPO": "MIC",
           "VERACRUZ DE IGNACIO DE LA LLAVE": "VER", "NUEVO LEON": "NLE"},
    "IN": {"ORISSA": "OR", "PONDICHERRY": "PY", "NEW DELHI": "DL", "NCT OF DELHI": "DL",
           "TS": "TG", "CG": "CT", "UK": "UT", "OD": "OR", "UTTARANCHAL": "UT"},
    "CA": {"YUKON": "YT", "QUÉBEC": "QC", "PQ": "QC", "NF": "NL", "NEWFOUNDLAND": "NL"},
    "ES": {"A CORUÑA": "A Coruca", "LA CORUÑA": "A Coruca", "ARABA": "Alava",
           "ILLES BALEARS": "Baleares", "ISLAS BALEARES": "Baleares", "BIZKAIA": "Vizcaya",
           "GIPUZKOA": "Guipuzcoa", "VALÈNCIA": "Valencia", "CASTELLÓ": "Castellon",
           "ALACANT": "Alicante", "GIRONA": "Girona", "GERONA": "Girona", "LÉRIDA": "Lleida",
           "ORENSE": "Ourense"},
    "IT": {"ROME": "RM", "MILAN": "MI", "FLORENCE": "FI", "NAPLES": "NA", "TURIN": "TO",
           "VENICE": "VE", "GENOA": "GE", "PADUA": "PD"},
    "AU": {"AUSTRALIAN CAPITAL TERRITORY": "ACT"},
    "BE": {"BRUSSELS": "BRU", "BRUXELLES": "BRU", "BRUSSEL": "BRU", "ANTWERP": "VAN"},
    "FR": {"CORSE DU SUD": "2A", "HAUTE CORSE": "2B"},
}


def _key(text: str) -> str:
    """Upper case, no accents, single spaces; '-', '.', '_' and apostrophes count as spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    for mark in "-._'’":
        plain = plain.replace(mark, " ")
    return " ".join(plain.upper().split())


def _index() -> dict[str, dict[str, Region]]:
    index: dict[str, dict[str, Region]] = {}
    for country, rows in REGIONS.items():
        by_key: dict[str, Region] = {}
        by_code: dict[str, Region] = {}
        for code, name in rows:
            region = Region(code, name)
            by_code.setdefault(code, region)
            by_key.setdefault(_key(name), region)
        for code, region in by_code.items():
            by_key.setdefault(_key(code), region)
            if country == "FR" and code.isdigit():
                by_key.setdefault(code.zfill(2), region)
        for alias, code in ALIASES.get(country, {}).items():
            by_key.setdefault(_key(alias), by_code[code])
        index[country] = by_key
    return index


_INDEX = _index()


def has_regions(country_code: str | None) -> bool:
    return (country_code or "").upper() in REGIONS


def find_region(country_code: str | None, state_or_region: str | None) -> Region | None:
    """Commerce's region for Amazon's text, or None when the country has a list and the text
    is not in it (or the text is empty). For a country without a list: the name only."""
    text = (state_or_region or "").strip()
    if not text:
        return None
    country = (country_code or "").upper()
    if country not in REGIONS:
        return Region(None, text)
    return _INDEX[country].get(_key(text))
