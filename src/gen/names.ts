/** Name material for synthetic cases, in several scripts. Fictional combinations. */
export const GIVEN = {
  latin: ['Anna', 'Lukas', 'Sofia', 'Mateo', 'Chloé', 'Jörg', 'Zoë', 'Łukasz', 'Inès', 'Søren', 'Björn', 'Renée', 'Tomás', 'Ana', 'Oliver', 'Emma', 'Noah', 'Liam', 'Mia', 'Ethan', 'Grace', 'Hugo', 'Ava', 'Leon', 'Nguyễn Văn'],
  latinFamily: ['Müller', 'García', 'Rossi', 'Novák', 'Kowalski', 'Dubois', 'Smith', 'Johansson', 'O\'Brien', 'Fernández', 'Nguyễn', 'Şahin', 'Horváth', 'Jensen', 'Silva', 'Brown', 'Taylor', 'Wilson', 'Schäfer', 'Lefèvre'],
  cyrillic: ['Иван Петров', 'Мария Смирнова', 'Алексей Кузнецов', 'Ольга Попова', 'Дмитрий Волков', 'Анна Соколова', 'Сергей Лебедев', 'Олена Шевченко'],
  greek: ['Γιώργος Παπαδόπουλος', 'Μαρία Κωνσταντίνου', 'Νίκος Αντωνίου', 'Ελένη Γεωργίου'],
  cjk: ['王伟', '李娜', '张敏', '刘洋', '陈静', '佐藤 健', '鈴木 花子', '高橋 翔', '田中 美咲', '김민준', '이서연'],
  arabic: ['محمد العلي', 'فاطمة الزهراء', 'أحمد حسن', 'ليلى منصور'],
  hebrew: ['דוד כהן', 'שרה לוי', 'יוסף מזרחי'],
};

export const ENTITY_STEMS = ['Northwind', 'Bluefin', 'Aurora', 'Granite', 'Helios', 'Meridian', 'Quarry', 'Sable', 'Tidewater', 'Vector', 'Kestrel', 'Obsidian', 'Larch', 'Cobalt', 'Harbor', 'Juniper'];
export const ENTITY_KINDS = ['Capital Ltd', 'Trading GmbH', 'Partners LLC', 'Markets SA', 'Holdings Pte', 'Fund LP', 'Asset Management AG', 'Quant Inc'];

export const JURISDICTIONS = ['US', 'GB', 'DE', 'FR', 'SG', 'HK', 'JP', 'KR', 'CH', 'AE', 'IL', 'GR', 'UA', 'BR', 'CA', 'AU', 'KY', 'VG'];
export const STREETS = ['Main Street', 'Hauptstraße', 'Rue de Rivoli', 'Orchard Road', 'Nathan Road', 'Via Roma', 'King Street', 'Ulitsa Lenina', 'Odos Ermou'];
