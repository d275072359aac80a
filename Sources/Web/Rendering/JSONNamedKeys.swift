/// A request type whose `CodingKeys` spell the JSON's snake_case field names themselves, so
/// `JSONBody.decode` reads it without converting every key of every body: the conversion was
/// about 1.5 % of a registration's CPU. Other request types are read with
/// `convertFromSnakeCase`.
protocol JSONNamedKeys {}
